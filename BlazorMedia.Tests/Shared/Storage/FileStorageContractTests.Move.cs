using BlazorMedia.Storage;

namespace BlazorMedia.Tests.Storage;

/// <summary>The create-only move every backend offers (the media library's rename, move, trash and restore).</summary>
public abstract partial class FileStorageContractTests
{
    [Fact]
    public async Task MoveAsync_FreeDestination_MovesBytesAndRemovesSource()
    {
        await Storage.SaveAsync("library/a.txt", Text("alpha"));

        var moved = await Storage.MoveAsync("library/a.txt", "library/sub/b.txt");

        moved.ShouldBeTrue();
        (await Storage.ExistsAsync("library/a.txt")).ShouldBeFalse();
        (await ReadTextAsync("library/sub/b.txt")).ShouldBe("alpha");
    }

    [Fact]
    public async Task MoveAsync_DestinationTaken_ReturnsFalseAndChangesNothing()
    {
        await Storage.SaveAsync("a.txt", Text("source"));
        await Storage.SaveAsync("b.txt", Text("taken"));

        var moved = await Storage.MoveAsync("a.txt", "b.txt");

        moved.ShouldBeFalse();
        (await ReadTextAsync("a.txt")).ShouldBe("source");
        (await ReadTextAsync("b.txt")).ShouldBe("taken");
    }

    [Fact]
    public async Task MoveAsync_MissingSource_ThrowsFileNotFoundAndCreatesNothing()
    {
        await Should.ThrowAsync<FileNotFoundException>(() => Storage.MoveAsync("gone.txt", "new.txt"));

        (await Storage.ExistsAsync("new.txt")).ShouldBeFalse();
    }

    [Fact]
    public async Task MoveAsync_UnicodeNames_KeepsContent()
    {
        await Storage.SaveAsync("docs/résumé.txt", Text("ü"));

        (await Storage.MoveAsync("docs/résumé.txt", "docs/2026/Lebenslauf für Jörg.txt")).ShouldBeTrue();

        (await ReadTextAsync("docs/2026/Lebenslauf für Jörg.txt")).ShouldBe("ü");
    }

    [Theory]
    [InlineData("a.txt", "../b.txt")]
    [InlineData("a.txt", "/b.txt")]
    [InlineData("../a.txt", "b.txt")]
    public async Task MoveAsync_BadName_RefusedBeforeAnythingMoves(string source, string destination)
    {
        await Storage.SaveAsync("a.txt", Text("x"));

        await Should.ThrowAsync<StorageException>(() => Storage.MoveAsync(source, destination));

        (await ReadTextAsync("a.txt")).ShouldBe("x");
    }

    [Fact]
    public async Task MoveAsync_SameName_RefusedWithReason()
    {
        await Storage.SaveAsync("a.txt", Text("x"));

        var e = await Should.ThrowAsync<StorageException>(() => Storage.MoveAsync("a.txt", "a.txt"));

        e.Message.ShouldBe("Storage name 'a.txt' refused: it is the name the file already has.");
        (await ReadTextAsync("a.txt")).ShouldBe("x");
    }
}
