using BlazorMedia.Tests.Infrastructure;

namespace BlazorMedia.Tests.Storage;

/// <summary>Backends on storage servers run one after another and alone (the contract suite's large-file test measures
/// allocations process-wide, which a parallel test would distort), sharing one server per remote backend: s3rver (S3),
/// Azurite (Azure Blob) and OpenSSH's sshd (SFTP).</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class StorageServersCollection : ICollectionFixture<S3rverServer>, ICollectionFixture<AzuriteServer>, ICollectionFixture<SshdServer>
{
    public const string Name = "Storage servers";
}
