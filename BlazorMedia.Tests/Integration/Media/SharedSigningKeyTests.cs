using BlazorMedia.Data;
using BlazorMedia.Media;
using BlazorMedia.Tests.Features.Profiles;
using BlazorMedia.Tests.Infrastructure;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace BlazorMedia.Tests.Media;

/// <summary>The media signing key with <c>DataProtection:Store=Database</c> (<see cref="SharedSigningKey"/>), on the
/// run's database: instances on one database agree on the key with nothing configured, whoever comes first; the row
/// holds it encrypted by the key ring; <c>Media:SigningKey</c> still wins; a key file left by one instance seeds it.</summary>
[Trait("Database", "Each")]
public sealed class SharedSigningKeyTests : IAsyncLifetime
{
    // The key ring the instances share (in the database in production; one provider here stands for it).
    private readonly IDataProtectionProvider _ring = new EphemeralDataProtectionProvider();
    private readonly TempDirectory _dir = new("bm-shared-key");
    private ProfileHarness _h = default!;

    public Task InitializeAsync()
    {
        _h = new ProfileHarness();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _h.DisposeAsync();
        _dir.Dispose();
    }

    /// <summary>One instance's signing key: its own content root (no files shared), the shared database.</summary>
    private MediaSigningKey Instance(string name, string? configured = null, IDataProtectionProvider? ring = null,
        string store = KeyRingOptions.Database) =>
        new(Options.Create(new MediaServingOptions { SigningKey = configured }), ring ?? _ring,
            new TestHostEnvironment(Directory.CreateDirectory(_dir.Combine(name)).FullName),
            Options.Create(new KeyRingOptions { Store = store }),
            _h.Services.GetRequiredService<IDbContextFactory<MediaDbContext>>());

    private async Task<List<SharedSigningKey>> RowsAsync()
    {
        await using var db = _h.Db();
        return await db.Set<SharedSigningKey>().AsNoTracking().ToListAsync();
    }

    [Fact]
    public async Task Key_TwoInstancesNothingConfigured_SameKeyOneEncryptedRowNoFile()
    {
        var a = Instance("a").Key;
        var b = Instance("b").Key;

        a.Length.ShouldBe(32);
        b.ShouldBe(a);
        var row = (await RowsAsync()).ShouldHaveSingleItem();
        row.Name.ShouldBe("media");
        row.Protected.AsSpan().IndexOf(a).ShouldBe(-1, "the row holds the key encrypted, never the bytes");
        Directory.EnumerateFiles(_dir.Path, "*", SearchOption.AllDirectories).ShouldBeEmpty();
    }

    [Fact]
    public async Task Key_ManyInstancesStartAtOnce_AllAgreeOnTheWinner()
    {
        var keys = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Task.Run(() => Instance($"i{i}").Key)));

        keys.Select(Convert.ToBase64String).Distinct().ShouldHaveSingleItem();
        (await RowsAsync()).ShouldHaveSingleItem();
        Instance("late").Key.ShouldBe(keys[0]);
    }

    [Fact]
    public async Task Key_Configured_WinsAndNothingIsStored()
    {
        var bytes = Enumerable.Repeat((byte)9, 32).ToArray();

        Instance("a", Convert.ToBase64String(bytes)).Key.ShouldBe(bytes);

        (await RowsAsync()).ShouldBeEmpty();
    }

    [Fact]
    public async Task Key_FileSystemStore_KeepsItsFileAndNoRow()
    {
        var key = Instance("a", store: KeyRingOptions.FileSystem).Key;

        File.Exists(_dir.Combine("a", "data", "media-signing.key")).ShouldBeTrue();
        (await RowsAsync()).ShouldBeEmpty();
        Instance("b", store: KeyRingOptions.FileSystem).Key.ShouldNotBe(key, "two content roots, two files");
    }

    [Fact]
    public void Key_KeyFileOfASingleInstance_SeedsTheRow()
    {
        var before = Instance("a", store: KeyRingOptions.FileSystem).Key; // the key file of the old, single instance

        Instance("a").Key.ShouldBe(before, "links that instance handed out keep working after the switch");
        Instance("b").Key.ShouldBe(before);
    }

    [Fact]
    public async Task Key_KeyRingLost_RowReplacedOnceAndEveryInstanceOnTheNewRingAgrees()
    {
        var old = Instance("a").Key;
        var newRing = new EphemeralDataProtectionProvider();

        var keys = await Task.WhenAll(Enumerable.Range(0, 4).Select(i => Task.Run(() => Instance($"n{i}", ring: newRing).Key)));

        keys.Select(Convert.ToBase64String).Distinct().ShouldHaveSingleItem();
        keys[0].ShouldNotBe(old);
        (await RowsAsync()).ShouldHaveSingleItem();
    }
}
