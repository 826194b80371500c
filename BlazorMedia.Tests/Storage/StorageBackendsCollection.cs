using BlazorMedia.Tests.Infrastructure;

namespace BlazorMedia.Tests.Storage;

/// <summary>Storage backends run one after another and alone: the large-file test measures allocations process-wide,
/// which a parallel test would distort. The collection shares one s3rver for the S3 backend's tests.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class StorageBackendsCollection : ICollectionFixture<S3rverServer>
{
    public const string Name = "Storage backends";
}
