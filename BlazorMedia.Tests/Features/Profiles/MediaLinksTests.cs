using BlazorMedia.Imaging;
using BlazorMedia.Media;
using BlazorMedia.Tests.Imaging;
using Microsoft.Extensions.DependencyInjection;

namespace BlazorMedia.Tests.Features.Profiles;

public sealed class MediaLinksTests : IAsyncLifetime
{
    private readonly ProfileHarness h = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await h.DisposeAsync();

    [Fact]
    public async Task ThumbnailUrlAsync_ThumbnailDeleted_RegeneratedUnderSameName()
    {
        await using var file = await h.AvatarAsync(TestImages.Jpeg(300, 200));
        var stored = await h.Uploads.StoreAsync(file, null);
        var thumb = ThumbnailNames.For(stored.Row.Sha256, ThumbnailAlias.Small);
        var path = Path.Combine(h.MediaRoot, thumb);
        File.Delete(path);

        var url = await h.Links.ThumbnailUrlAsync(stored.Row.Name, stored.Row.Sha256, ThumbnailAlias.Small);

        url.ShouldBe("/media/" + thumb);
        File.Exists(path).ShouldBeTrue();
    }
}
