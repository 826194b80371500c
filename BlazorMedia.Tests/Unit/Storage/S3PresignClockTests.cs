using Amazon;
using BlazorMedia.Storage.S3;
using BlazorMedia.Tests.Infrastructure;

namespace BlazorMedia.Tests.Storage;

/// <summary>SDK 4 signs presigned URLs on its clock corrected by the skew it measured from servers' <c>Date</c>
/// headers (whole seconds, so a fraction of a second against s3rver or S3 itself). The lifetime in the URL must still
/// be the one asked for, and 7 days must stay SigV4. <see cref="AWSConfigs.ManualClockCorrection"/> stands in for a
/// measured skew; it is process-wide, hence the collection that runs alone.</summary>
[Collection(StorageBackendsCollection.Name)]
public sealed class S3PresignClockTests : IDisposable
{
    private readonly S3Storage _storage = new(new S3StorageOptions
    {
        // Presigning sends nothing: no server listens here.
        ServiceUrl = $"http://127.0.0.1:{FreePort.Next()}", ForcePathStyle = true, Bucket = "media",
        AccessKey = "k", SecretKey = "s",
    });

    public void Dispose()
    {
        AWSConfigs.ManualClockCorrection = null;
        _storage.Dispose();
    }

    [Theory]
    [InlineData(0, 3600)]
    [InlineData(-0.8, 3600)]
    [InlineData(0.8, 3600)]
    [InlineData(-90, 3600)]
    [InlineData(-0.8, 604800)]
    [InlineData(0.8, 604800)]
    [InlineData(-90, 604800)]
    public void GetPresignedUrl_SdkClockSkewed_SignsTheLifetimeAskedForWithSigV4(double skewSeconds, int lifetimeSeconds)
    {
        AWSConfigs.ManualClockCorrection = TimeSpan.FromSeconds(skewSeconds);

        var url = _storage.GetPresignedUrl("reports_save/r.pdf", TimeSpan.FromSeconds(lifetimeSeconds));

        url.ShouldContain($"X-Amz-Expires={lifetimeSeconds}&");
        url.ShouldContain("X-Amz-Algorithm=AWS4-HMAC-SHA256");
    }
}
