using BlazorMedia.Storage;
using BlazorMedia.Storage.S3;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace BlazorMedia.Tests.Storage;

public sealed class S3StorageOptionsValidationTests
{
    private static S3StorageOptions Valid() => new() { Bucket = "media" };

    private static string? Validate(S3StorageOptions s3, string backend = "S3")
    {
        var services = new ServiceCollection().AddSingleton(Options.Create(s3)).BuildServiceProvider();
        var result = new StorageOptionsValidator(services).Validate(null, new StorageOptions { Backend = backend });
        return result.Succeeded ? null : result.FailureMessage;
    }

    [Fact]
    public void Validate_MinimalS3_Succeeds() => Validate(Valid()).ShouldBeNull();

    [Fact]
    public void Validate_FileSystemBackend_IgnoresS3Settings() => Validate(new S3StorageOptions(), "FileSystem").ShouldBeNull();

    public static TheoryData<Action<S3StorageOptions>, string> Broken => new()
    {
        { o => o.Bucket = "", "Storage:S3:Bucket is empty; Storage:Backend 'S3' needs a bucket." },
        { o => o.Region = " ", "Storage:S3:Region is empty; set the bucket's region (e.g. 'eu-west-1'; any value for a ServiceUrl server that ignores it)." },
        { o => o.ServiceUrl = "127.0.0.1:4568", "Storage:S3:ServiceUrl '127.0.0.1:4568' must be an absolute http(s) URL (e.g. 'http://127.0.0.1:4568'), or empty for Amazon S3." },
        { o => o.AccessKey = "AKIA", "Storage:S3:AccessKey and Storage:S3:SecretKey must be set together, or both left empty to use the AWS default credential chain." },
        { o => o.Location = "media/../x", "Storage:S3:Location 'media/../x' is not a valid key prefix: it contains a '..' segment (e.g. 'media')." },
        { o => o.QuerystringExpire = TimeSpan.Zero, "Storage:S3:QuerystringExpire 00:00:00 must be positive and at most 7 days, S3's limit for presigned URLs (e.g. '01:00:00')." },
        { o => o.QuerystringExpire = TimeSpan.FromDays(8), "Storage:S3:QuerystringExpire 8.00:00:00 must be positive and at most 7 days, S3's limit for presigned URLs (e.g. '01:00:00')." },
        { o => o.CustomDomain = "https://cdn.example.com", "Storage:S3:CustomDomain 'https://cdn.example.com' must be a host name (and optional path) without a scheme, e.g. 'cdn.example.com'." },
    };

    [Theory]
    [MemberData(nameof(Broken))]
    public void Validate_BrokenS3Setting_FailsNamingIt(Action<S3StorageOptions> breakIt, string message)
    {
        var options = Valid();
        breakIt(options);

        Validate(options).ShouldBe(message);
    }
}
