using BlazorMedia.Tests.Infrastructure;

namespace BlazorMedia.Tests.Storage;

/// <summary>Storage backends run one after another and alone: the large-file test measures allocations process-wide,
/// which a parallel test would distort. The collection shares one server per remote backend: s3rver (S3), Azurite
/// (Azure Blob) and OpenSSH's sshd (SFTP).</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class StorageBackendsCollection : ICollectionFixture<S3rverServer>, ICollectionFixture<AzuriteServer>, ICollectionFixture<SshdServer>
{
    public const string Name = "Storage backends";
}
