using BlazorMedia.Storage;
using BlazorMedia.Storage.AzureBlob;
using BlazorMedia.Storage.Sftp;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace BlazorMedia.Tests.Storage;

/// <summary>Each bad Azure Blob or SFTP setting stops the app with one line naming it (the validators run at start-up
/// through <see cref="StorageOptionsValidator"/>).</summary>
public sealed class BackendOptionsValidationTests
{
    private const string Fingerprint = "SHA256:ohD8VZEXGWo6Ez8GSEJQ9WpafgLFsOfLOtGGQCQo6Og";

    private static AzureBlobStorageOptions ValidAzure() => new()
    {
        ConnectionString = "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=a2V5;BlobEndpoint=http://127.0.0.1:10000/devstoreaccount1;",
        Container = "media",
    };

    private static SftpStorageOptions ValidSftp() => new()
    {
        Host = "files.example.com", Username = "media", Password = "secret", HostKeyFingerprint = Fingerprint, RootPath = "/srv/media",
    };

    private static string? Validate(string backend, AzureBlobStorageOptions? azure = null, SftpStorageOptions? sftp = null)
    {
        var services = new ServiceCollection()
            .AddSingleton(Options.Create(azure ?? ValidAzure()))
            .AddSingleton(Options.Create(sftp ?? ValidSftp()))
            .BuildServiceProvider();
        var result = new StorageOptionsValidator(services).Validate(null, new StorageOptions { Backend = backend });
        return result.Succeeded ? null : result.FailureMessage;
    }

    [Fact]
    public void Validate_MinimalAzureBlob_Succeeds() => Validate("AzureBlob").ShouldBeNull();

    [Fact]
    public void Validate_MinimalSftp_Succeeds() => Validate("Sftp").ShouldBeNull();

    [Fact]
    public void Validate_UnknownBackend_NamesTheChoices() =>
        Validate("Ftp").ShouldBe("Storage:Backend 'Ftp' is not supported; use one of: FileSystem, S3, AzureBlob, Sftp.");

    public static TheoryData<Action<AzureBlobStorageOptions>, string> BrokenAzure => new()
    {
        { o => o.ConnectionString = "", "Storage:AzureBlob needs ConnectionString, or AccountName and AccountKey together." },
        { o => { o.ConnectionString = ""; o.AccountName = "acct"; }, "Storage:AzureBlob needs ConnectionString, or AccountName and AccountKey together." },
        { o => o.AccountName = "acct", "Storage:AzureBlob:ConnectionString and Storage:AzureBlob:AccountName/AccountKey are both set; use one or the other." },
        { o => o.ConnectionString = "just-a-key", "Storage:AzureBlob:ConnectionString is not a storage connection string (expected 'Key=Value;' pairs with AccountName and AccountKey, or BlobEndpoint)." },
        { o => { o.ConnectionString = ""; o.AccountName = "acct"; o.AccountKey = "not base64!"; }, "Storage:AzureBlob:AccountKey is not base64; copy the key from the storage account's access keys." },
        { o => o.Container = "", "Storage:AzureBlob:Container is empty; Storage:Backend 'AzureBlob' needs a container." },
        { o => o.Container = "Media", "Storage:AzureBlob:Container 'Media' is not a valid container name (3-63 lower-case letters, digits and single hyphens, starting with a letter or digit)." },
        { o => o.Container = "a--b", "Storage:AzureBlob:Container 'a--b' is not a valid container name (3-63 lower-case letters, digits and single hyphens, starting with a letter or digit)." },
        { o => o.Location = "site/../x", "Storage:AzureBlob:Location 'site/../x' is not a valid blob prefix: it contains a '..' segment (e.g. 'media')." },
        { o => o.ExpirationSecs = -1, "Storage:AzureBlob:ExpirationSecs -1 must be 0 (no SAS links) or a number of seconds (e.g. 3600)." },
        { o => o.CustomDomain = "https://cdn.example.com", "Storage:AzureBlob:CustomDomain 'https://cdn.example.com' must be a host name without a scheme, e.g. 'cdn.example.com'." },
        { o => o.BlockSize = 1000, "Storage:AzureBlob:BlockSize 1000 must be between 1 MiB (1048576) and 100 MiB (104857600)." },
    };

    [Theory]
    [MemberData(nameof(BrokenAzure))]
    public void Validate_BrokenAzureSetting_FailsNamingIt(Action<AzureBlobStorageOptions> breakIt, string message)
    {
        var options = ValidAzure();
        breakIt(options);

        Validate("AzureBlob", azure: options).ShouldBe(message);
    }

    public static TheoryData<Action<SftpStorageOptions>, string> BrokenSftp => new()
    {
        { o => o.Host = "", "Storage:Sftp:Host is empty; Storage:Backend 'Sftp' needs the server's host name." },
        { o => o.Port = 0, "Storage:Sftp:Port 0 must be between 1 and 65535 (SSH's default is 22)." },
        { o => o.Username = " ", "Storage:Sftp:Username is empty; set the user the app signs in as." },
        { o => o.Password = "", "Storage:Sftp needs PrivateKeyFile (preferred) or Password." },
        { o => o.PrivateKeyFile = "/nonexistent/id_ed25519", "Storage:Sftp:PrivateKeyFile '/nonexistent/id_ed25519' does not exist." },
        { o => o.HostKeyFingerprint = "", "Storage:Sftp:HostKeyFingerprint '' is required in OpenSSH's form 'SHA256:' + 43 base64 characters, as `ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub` prints it on the server." },
        { o => o.HostKeyFingerprint = "97:70:33:82:fd:29:3a:73:39:af:6a:07:ad:f8:80:49", "Storage:Sftp:HostKeyFingerprint '97:70:33:82:fd:29:3a:73:39:af:6a:07:ad:f8:80:49' is required in OpenSSH's form 'SHA256:' + 43 base64 characters, as `ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub` prints it on the server." },
        { o => o.HostKeyFingerprint = Fingerprint[..^1], $"Storage:Sftp:HostKeyFingerprint '{Fingerprint[..^1]}' is required in OpenSSH's form 'SHA256:' + 43 base64 characters, as `ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub` prints it on the server." },
        { o => o.RootPath = "srv/media", "Storage:Sftp:RootPath 'srv/media' must be an absolute folder on the server, e.g. '/srv/media'." },
        { o => o.RootPath = "/srv/../etc", "Storage:Sftp:RootPath '/srv/../etc' is not a plain folder path: it contains a '..' segment." },
        { o => o.FileMode = "0648", "Storage:Sftp:FileMode '0648' must be an octal mode such as '0640', or empty." },
        { o => o.DirMode = "rwx", "Storage:Sftp:DirMode 'rwx' must be an octal mode such as '0750', or empty." },
        { o => o.PoolSize = 0, "Storage:Sftp:PoolSize 0 must be between 1 and 64." },
        { o => o.Timeout = TimeSpan.Zero, "Storage:Sftp:Timeout 00:00:00 must be positive and at most 10 minutes (e.g. '00:00:30')." },
    };

    [Theory]
    [MemberData(nameof(BrokenSftp))]
    public void Validate_BrokenSftpSetting_FailsNamingIt(Action<SftpStorageOptions> breakIt, string message)
    {
        var options = ValidSftp();
        breakIt(options);

        Validate("Sftp", sftp: options).ShouldBe(message);
    }

    [Theory]
    [InlineData("0640", 0b110_100_000)]
    [InlineData("750", 0b111_101_000)]
    [InlineData("", null)]
    public void FileMode_Octal_ParsedToModeBits(string mode, int? bits) =>
        new SftpStorageOptions { FileMode = mode }.FileModeBits.ShouldBe(bits is null ? null : (short)bits);
}
