using System.Security.Cryptography;
using BlazorMedia.Storage;
using BlazorMedia.Tests.Infrastructure;
using BlazorMedia.Uploads;
using Microsoft.AspNetCore.Components.Server.Circuits;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace BlazorMedia.Tests.Uploads;

/// <summary>A file the profile editor received and keeps for Save is held by its circuit; when the circuit's connection
/// drops, the file (and its spool file on disk) goes at once, and the page is told so it can ask for it again, instead
/// of staying until Blazor disposes the disconnected circuit minutes later. The handler is called here as Blazor
/// calls it.</summary>
public sealed class HeldUploadsTests : IDisposable
{
    private readonly TempDirectory _temp = new("bm-held");
    private readonly HeldUploads _held = new(NullLogger<HeldUploads>.Instance);
    private readonly CircuitHandler _handler;
    private readonly List<string> _told = [];

    public HeldUploadsTests() => _handler = new HeldUploadsCircuitHandler(_held);

    public void Dispose() => _temp.Dispose();

    private string[] SpoolFiles => Directory.GetFiles(_temp.Path);

    /// <summary>A received report larger than the memory limit, so its bytes are in a spool file.</summary>
    private async Task<ReceivedFile> ReceivedAsync(string name)
    {
        var spooler = new UploadSpooler(Options.Create(new UploadsOptions { MaxMemorySize = 1024, TempDir = _temp.Path }));
        var spooled = await spooler.SpoolAsync(new MemoryStream(RandomNumberGenerator.GetBytes(4096)), name, 1_000_000, "Report");
        return new ReceivedFile(new UploadField("Report", UploadKind.Document, 1_000_000, UploadTo.Template("{name}{ext}")),
            spooled, new DetectedType("application/pdf", ".pdf", "PDF"), null, null, null);
    }

    private Task Told(ReceivedFile file)
    {
        _told.Add(file.OriginalName);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task ConnectionDown_HeldFile_SpoolDeletedAndPageTold()
    {
        var file = await ReceivedAsync("report.pdf");
        _held.Keep(file, Told);
        SpoolFiles.Length.ShouldBe(1);

        await _handler.OnConnectionDownAsync(null!, CancellationToken.None);

        SpoolFiles.ShouldBeEmpty();
        _told.ShouldBe(["report.pdf"]);
        _held.Count.ShouldBe(0);
    }

    [Fact]
    public async Task ConnectionDown_ReleasedFile_KeptForTheSave()
    {
        await using var file = await ReceivedAsync("saving.pdf");
        var hold = _held.Keep(file, Told);

        hold.Release().ShouldBeTrue();
        await _handler.OnConnectionDownAsync(null!, CancellationToken.None);

        SpoolFiles.Length.ShouldBe(1);
        _told.ShouldBeEmpty();
    }

    [Fact]
    public async Task Release_AfterDrop_FalseSoTheSaveDoesNotUseIt()
    {
        var hold = _held.Keep(await ReceivedAsync("late.pdf"), Told);
        await _handler.OnConnectionDownAsync(null!, CancellationToken.None);

        hold.Release().ShouldBeFalse();
    }

    [Fact]
    public async Task Keep_WhileDisconnected_DroppedAtOnce_AfterReconnect_HeldAgain()
    {
        await _handler.OnConnectionDownAsync(null!, CancellationToken.None);
        var dropped = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);

        _held.Keep(await ReceivedAsync("during.pdf"), f => { dropped.TrySetResult(f.OriginalName); return Task.CompletedTask; });

        (await dropped.Task.WaitAsync(TimeSpan.FromSeconds(10))).ShouldBe("during.pdf");
        SpoolFiles.ShouldBeEmpty();

        await _handler.OnConnectionUpAsync(null!, CancellationToken.None);
        await using var after = await ReceivedAsync("after.pdf");
        _held.Keep(after, Told);
        _held.Count.ShouldBe(1);
        SpoolFiles.Length.ShouldBe(1);
    }

    [Fact]
    public async Task AddMediaUploads_CircuitHandlerDropsTheCircuitsOwnHeldUploads()
    {
        var services = new ServiceCollection().AddLogging()
            .AddSingleton<IConfiguration>(new ConfigurationBuilder().Build());
        services.AddMediaUploads();
        await using var provider = services.BuildServiceProvider();
        await using var scope = provider.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<HeldUploads>().Keep(await ReceivedAsync("scoped.pdf"), Told);

        var handler = scope.ServiceProvider.GetServices<CircuitHandler>().OfType<HeldUploadsCircuitHandler>().ShouldHaveSingleItem();
        await handler.OnConnectionDownAsync(null!, CancellationToken.None);

        _told.ShouldBe(["scoped.pdf"]);
        SpoolFiles.ShouldBeEmpty();
    }
}
