using System.Collections.Concurrent;
using System.Reflection;
using Amazon.S3;

namespace BlazorMedia.Tests.Storage;

/// <summary>An <see cref="IAmazonS3"/> that forwards every call to a real client and counts calls by method name,
/// so a test can tell a multipart upload from a single PUT (s3rver's ETags do not carry the <c>-N</c> part
/// suffix Amazon S3 gives multipart objects).</summary>
public class CountingS3Client : DispatchProxy
{
    private IAmazonS3 _inner = null!;
    private Calls _calls = null!;

    public static (IAmazonS3 Client, Calls Calls) Wrap(IAmazonS3 inner)
    {
        var proxy = Create<IAmazonS3, CountingS3Client>();
        var counting = (CountingS3Client)(object)proxy;
        counting._inner = inner;
        counting._calls = new Calls();
        return (proxy, counting._calls);
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        ArgumentNullException.ThrowIfNull(targetMethod);
        _calls.Add(targetMethod.Name);
        try
        {
            return targetMethod.Invoke(_inner, args);
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(e.InnerException);
            throw;
        }
    }

    public sealed class Calls
    {
        private readonly ConcurrentDictionary<string, int> _counts = new();

        public void Add(string method) => _counts.AddOrUpdate(method, 1, (_, n) => n + 1);

        public int Count(string method) => _counts.GetValueOrDefault(method);
    }
}
