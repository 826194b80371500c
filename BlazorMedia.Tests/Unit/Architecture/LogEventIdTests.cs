using System.Reflection;
using Microsoft.Extensions.Logging;

namespace BlazorMedia.Tests.Architecture;

/// <summary>Every log message of the app has an event id of its own: operators filter and alert on them, and two
/// messages sharing one (it happened three times) make a filter catch the wrong thing.</summary>
public sealed class LogEventIdTests
{
    [Fact]
    public void LoggerMessages_EachEventIdUsedOnce()
    {
        var messages = typeof(BlazorMedia.Storage.IFileStorage).Assembly.GetTypes()
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly))
            .Select(m => (Method: m, Attribute: m.GetCustomAttribute<LoggerMessageAttribute>()))
            .Where(x => x.Attribute is not null)
            .ToList();
        messages.Count.ShouldBeGreaterThan(30, "the attribute is read from the compiled app");

        var shared = messages.Where(x => x.Attribute!.EventId != -1)
            .GroupBy(x => x.Attribute!.EventId)
            .Where(g => g.Count() > 1)
            .Select(g => $"{g.Key}: {string.Join(", ", g.Select(x => $"{x.Method.DeclaringType!.Name}.{x.Method.Name}"))}");
        shared.ShouldBeEmpty();
    }
}
