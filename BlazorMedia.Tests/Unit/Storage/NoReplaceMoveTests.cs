using BlazorMedia.Storage.FileSystem;

namespace BlazorMedia.Tests.Storage;

public sealed class NoReplaceMoveTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("bm-move-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void TryMove_DestinationExists_ReturnsFalseAndTouchesNeither()
    {
        var source = Path.Combine(_dir, "source");
        var destination = Path.Combine(_dir, "destination");
        File.WriteAllText(source, "new");
        File.WriteAllText(destination, "old");

        NoReplaceMove.TryMove(source, destination).ShouldBeFalse();

        File.ReadAllText(destination).ShouldBe("old");
        File.ReadAllText(source).ShouldBe("new");
    }

    [Fact]
    public void TryMove_DestinationFree_MovesTheFile()
    {
        var source = Path.Combine(_dir, "source");
        var destination = Path.Combine(_dir, "destination");
        File.WriteAllText(source, "new");

        NoReplaceMove.TryMove(source, destination).ShouldBeTrue();

        File.Exists(source).ShouldBeFalse();
        File.ReadAllText(destination).ShouldBe("new");
    }
}
