namespace BlazorMedia.Tests.Storage;

/// <summary>Storage backends run one after another and alone: the large-file test measures allocations process-wide,
/// which a parallel test would distort.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class StorageBackendsCollection
{
    public const string Name = "Storage backends";
}
