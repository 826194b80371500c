using BlazorMedia.Tests.Infrastructure;

namespace BlazorMedia.Tests.Storage;

/// <summary>Backends on storage servers run one after another and alone (the contract suite's large-file test measures
/// allocations process-wide, which a parallel test would distort), sharing one s3rver.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class StorageServersCollection : ICollectionFixture<S3rverServer>
{
    public const string Name = "Storage servers";
}
