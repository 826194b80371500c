using BlazorMedia.Media;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Options;

namespace BlazorMedia.Tests.Media;

public sealed class MediaSigningKeyTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("bm-signing-");
    private readonly IDataProtectionProvider _protection = new EphemeralDataProtectionProvider();

    private MediaSigningKey Create(string? configured = null, IDataProtectionProvider? protection = null) =>
        new(Options.Create(new MediaServingOptions { SigningKey = configured, SigningKeyFile = "keys/media.key" }),
            protection ?? _protection, new Env(_dir.FullName), Options.Create(new BlazorMedia.Data.KeyRingOptions()));

    [Fact]
    public void Key_Configured_UsesConfiguredBytes()
    {
        var bytes = Enumerable.Repeat((byte)7, 32).ToArray();
        Create(Convert.ToBase64String(bytes)).Key.ShouldBe(bytes);
    }

    [Fact]
    public void Key_Unconfigured_PersistedAndReusedAcrossInstances()
    {
        var first = Create().Key;
        first.Length.ShouldBe(32);
        Create().Key.ShouldBe(first);
    }

    [Fact]
    public void Key_Unconfigured_FileHoldsNoPlainKey()
    {
        var key = Create().Key;
        var stored = File.ReadAllBytes(Path.Combine(_dir.FullName, "keys", "media.key"));
        stored.AsSpan().IndexOf(key).ShouldBe(-1);
    }

    [Fact]
    public void Key_KeyRingLost_NewKey()
    {
        var first = Create().Key;
        Create(protection: new EphemeralDataProtectionProvider()).Key.ShouldNotBe(first);
    }

    [Theory]
    [InlineData("not base64!")]
    [InlineData("c2hvcnQ=")]
    public void TryDecode_BadKey_Null(string value) => MediaSigningKey.TryDecode(value).ShouldBeNull();

    public void Dispose() => _dir.Delete(recursive: true);

    private sealed class Env(string root) : IWebHostEnvironment
    {
        public string WebRootPath { get; set; } = root;
        public IFileProvider WebRootFileProvider { get; set; } = new NullFileProvider();
        public string ApplicationName { get; set; } = "Tests";
        public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
        public string ContentRootPath { get; set; } = root;
        public string EnvironmentName { get; set; } = "Production";
    }
}
