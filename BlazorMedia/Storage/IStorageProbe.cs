namespace BlazorMedia.Storage;

/// <summary>A backend's cheapest proof that it can reach its files (a bucket or container listing, an SFTP stat of the
/// root), for <c>/healthz</c>. A failure surfaces as <see cref="StorageException"/> whose message says what is
/// unreachable and why.</summary>
public interface IStorageProbe
{
    /// <summary>The name of the check in <c>/healthz</c> (<c>s3-bucket</c>, <c>azure-container</c>, <c>sftp-server</c>).</summary>
    string ProbeName { get; }

    Task ProbeAsync(CancellationToken cancellationToken = default);
}
