using BlazorMedia.Storage;

namespace BlazorMedia.Tests.Storage;

[Collection(StorageBackendsCollection.Name)]
public sealed class InMemoryStorageTests : FileStorageContractTests
{
    protected override IFileStorage Storage { get; } = new InMemoryStorage();

    protected override bool BuffersContentInMemory => true;
}
