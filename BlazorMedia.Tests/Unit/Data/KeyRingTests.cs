using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using BlazorMedia.Data;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace BlazorMedia.Tests.Data;

/// <summary>The Data Protection key ring on the file system: keys encrypted at rest with <c>DataProtection:CertificateFile</c>,
/// a folder only the app's user can read, and a certificate that cannot be used refused by name before the server starts.</summary>
public sealed class KeyRingTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("bm-keyring-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void AddMediaKeyRing_WithCertificate_KeyFileHoldsNoPlainKeyAndAnotherInstanceWithItReadsIt()
    {
        WritePfx("keys.pfx", "pw", withPrivateKey: true);
        var settings = new Dictionary<string, string?> { ["DataProtection:CertificateFile"] = "keys.pfx", ["DataProtection:CertificatePassword"] = "pw" };

        string token;
        using (var first = Build(settings))
            token = first.GetRequiredService<IDataProtectionProvider>().CreateProtector("test").Protect("secret");

        var xml = File.ReadAllText(Directory.GetFiles(Path.Combine(_root, "data/keys"), "key-*.xml").ShouldHaveSingleItem());
        xml.ShouldContain("<encryptedSecret");
        xml.ShouldNotContain("unencrypted form");
        using var second = Build(settings);
        second.GetRequiredService<IDataProtectionProvider>().CreateProtector("test").Unprotect(token).ShouldBe("secret");
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void AddMediaKeyRing_WithoutCertificate_KeyFolderIsOwnerOnly()
    {
        using var services = Build([]);
        services.GetRequiredService<IDataProtectionProvider>().CreateProtector("test").Protect("secret");

        File.GetUnixFileMode(Path.Combine(_root, "data/keys"))
            .ShouldBe(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    [Fact]
    public void Validate_CertificateFileMissing_FailsNamingTheSettingAndThePath()
    {
        var result = Validate(new KeyRingOptions { CertificateFile = "nope.pfx" });

        result.Failed.ShouldBeTrue();
        result.FailureMessage.ShouldStartWith("DataProtection:CertificateFile 'nope.pfx' cannot be used: '" + Path.Combine(_root, "nope.pfx") + "' does not exist.");
    }

    [Fact]
    public void Validate_WrongPassword_Fails()
    {
        WritePfx("keys.pfx", "right", withPrivateKey: true);

        var result = Validate(new KeyRingOptions { CertificateFile = "keys.pfx", CertificatePassword = "wrong" });

        result.Failed.ShouldBeTrue();
        result.FailureMessage.ShouldStartWith("DataProtection:CertificateFile 'keys.pfx' cannot be used:");
    }

    [Fact]
    public void Validate_CertificateWithoutPrivateKey_FailsSayingDecryptionNeedsIt()
    {
        WritePfx("public.pfx", "", withPrivateKey: false);

        var result = Validate(new KeyRingOptions { CertificateFile = "public.pfx" });

        result.Failed.ShouldBeTrue();
        result.FailureMessage.ShouldContain("holds no private key, which decrypting the keys needs");
    }

    [Theory]
    [InlineData("")]
    [InlineData("keys.pfx")]
    public void Validate_NoCertificateOrAUsableOne_Succeeds(string file)
    {
        WritePfx("keys.pfx", "", withPrivateKey: true);

        Validate(new KeyRingOptions { CertificateFile = file }).Succeeded.ShouldBeTrue();
    }

    private ValidateOptionsResult Validate(KeyRingOptions options) =>
        new KeyRingOptionsValidator(new Environment(_root)).Validate(null, options);

    private ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddSingleton<IHostEnvironment>(new Environment(_root));
        services.AddMediaKeyRing(configuration, _root);
        return services.BuildServiceProvider();
    }

    private void WritePfx(string name, string password, bool withPrivateKey)
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=BlazorMedia keys", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        var bytes = withPrivateKey
            ? certificate.Export(X509ContentType.Pkcs12, password)
            : X509CertificateLoader.LoadCertificate(certificate.RawData).Export(X509ContentType.Pkcs12, password);
        File.WriteAllBytes(Path.Combine(_root, name), bytes);
    }

    private sealed class Environment(string root) : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = "Production";
        public string ApplicationName { get; set; } = "BlazorMedia";
        public string ContentRootPath { get; set; } = root;
        public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
    }
}
