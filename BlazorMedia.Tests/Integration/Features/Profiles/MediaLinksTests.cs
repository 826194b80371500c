using BlazorMedia.Imaging;
using BlazorMedia.Tests.Imaging;

namespace BlazorMedia.Tests.Features.Profiles;

[Trait("Database", "Each")]
public sealed class MediaLinksTests : IAsyncLifetime
{
    private readonly ProfileHarness _h = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public async Task ThumbnailUrlAsync_ThumbnailDeleted_RegeneratedUnderSameName()
    {
        await using var file = await _h.AvatarAsync(TestImages.Jpeg(300, 200));
        var stored = await _h.Uploads.StoreAsync(file, null);
        var thumb = ThumbnailNames.For(stored.Row.Sha256, ThumbnailAlias.Small);
        var path = Path.Combine(_h.MediaRoot, thumb);
        File.Delete(path);

        var url = await _h.Links.ThumbnailUrlAsync(stored.Row.Name, stored.Row.Sha256, ThumbnailAlias.Small);

        url.ShouldBe("/media/" + thumb);
        File.Exists(path).ShouldBeTrue();
    }
}
