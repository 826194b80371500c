using Amazon;
using Amazon.Runtime;
using Amazon.S3;

namespace BlazorMedia.Storage.S3;

/// <summary>Builds the <see cref="AmazonS3Client"/> an <see cref="S3Storage"/> owns, from its options.</summary>
internal static class S3ClientFactory
{
    public static AmazonS3Client Create(S3StorageOptions options)
    {
        var config = new AmazonS3Config
        {
            ForcePathStyle = options.ForcePathStyle,
            // SDK 4 defaults to WHEN_SUPPORTED: a CRC32 on every upload (an aws-chunked trailer, or a header when
            // chunk encoding is off) and x-amz-checksum-mode on every GET, then a CRC over each body read. WHEN_REQUIRED
            // keeps 3.7's wire behaviour: no checksum header a server without S3's newer checksums may refuse (s3rver
            // ignores them; PutObject/UploadPart also opt out per request, for injected clients), and no CRC over
            // every media response the app streams. Uploads stay covered by the signed payload hash (and TLS).
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
        };
        if (options.ServiceUrl.Length > 0)
        {
            config.ServiceURL = options.ServiceUrl;
            // With a ServiceURL the SDK cannot infer the signing region from the host name.
            config.AuthenticationRegion = options.Region;
        }
        else
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(options.Region);
        }
        return options.AccessKey.Length > 0
            ? new AmazonS3Client(new BasicAWSCredentials(options.AccessKey, options.SecretKey), config)
            // Empty keys: environment, shared profile, container or instance role, as boto3 does.
            : new AmazonS3Client(config);
    }
}
