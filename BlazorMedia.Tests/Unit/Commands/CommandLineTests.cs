using BlazorMedia.Commands;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace BlazorMedia.Tests.Commands;

public sealed class CommandLineTests
{
    [Theory]
    [InlineData(new[] { "verify-checksums" }, true)]
    [InlineData(new[] { "seed-profiles", "10" }, true)]
    [InlineData(new[] { "help" }, true)]
    [InlineData(new[] { "verfy-checksums" }, true)] // a typo is a verb to refuse, not a reason to start the server
    [InlineData(new[] { "--urls", "http://127.0.0.1:5001" }, false)]
    [InlineData(new[] { "Media:Root=/srv/media" }, false)]
    [InlineData(new[] { "/Media:Root=/srv/media" }, false)]
    [InlineData(new string[0], false)]
    public void IsCommand_FirstArgument_WordsAreVerbsServerArgumentsAreNot(string[] args, bool expected) =>
        CommandLine.IsCommand(args).ShouldBe(expected);

    [Theory]
    [InlineData("help", true)]
    [InlineData("verfy-checksums", true)]
    [InlineData("verify-checksums", false)]
    public void IsUsageOnly_HelpAndUnknownWords_NeedNoServices(string verb, bool expected) =>
        CommandLine.IsUsageOnly([verb]).ShouldBe(expected);

    [Theory]
    [InlineData(null, "Microsoft.EntityFrameworkCore.Database.Command", false)]
    [InlineData(null, "Microsoft.EntityFrameworkCore.Migrations", false)]
    [InlineData(null, "BlazorMedia.Startup", true)]
    [InlineData("Microsoft.EntityFrameworkCore", "Microsoft.EntityFrameworkCore.Database.Command", true)]
    [InlineData("Microsoft.EntityFrameworkCore.Database.Command", "Microsoft.EntityFrameworkCore.Database.Command", true)]
    [InlineData("Microsoft.EntityFrameworkCore.Database.Command", "Microsoft.EntityFrameworkCore.Migrations", false)]
    public void CommandLogFilter_EfCoreAtInformation_OnlyWhenConfigurationAsks(string? configuredCategory, string category, bool informationLogged)
    {
        var settings = new Dictionary<string, string?> { ["Logging:LogLevel:Default"] = "Information" };
        if (configuredCategory is not null) settings[$"Logging:LogLevel:{configuredCategory}"] = "Information";
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        using var services = new ServiceCollection().AddLogging(logging =>
        {
            logging.AddConfiguration(configuration.GetSection("Logging"));
            logging.AddProvider(new EveryLevelProvider());
            CommandLogging.AddCommandLogFilter(logging, configuration);
        }).BuildServiceProvider();

        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(category);

        logger.IsEnabled(LogLevel.Information).ShouldBe(informationLogged);
        logger.IsEnabled(LogLevel.Warning).ShouldBeTrue();
    }

    /// <summary>A provider that takes everything, so only the filter rules decide.</summary>
    private sealed class EveryLevelProvider : ILoggerProvider, ILogger
    {
        public ILogger CreateLogger(string categoryName) => this;
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => true;
        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) { }
        public void Dispose() { }
    }
}
