using BlazorMedia.Storage.S3;
using Microsoft.Extensions.Options;

namespace BlazorMedia.Storage;

/// <summary>Checks <c>Storage:Backend</c> and, when it is <c>S3</c>, the <c>Storage:S3</c> settings it needs.</summary>
internal sealed class StorageOptionsValidator(IOptions<S3StorageOptions> s3) : IValidateOptions<StorageOptions>
{
    public ValidateOptionsResult Validate(string? name, StorageOptions o)
    {
        if (!StorageOptions.Backends.Contains(o.Backend, StringComparer.Ordinal))
            return ValidateOptionsResult.Fail($"Storage:Backend '{o.Backend}' is not supported; use one of: {string.Join(", ", StorageOptions.Backends)}.");
        if (o.Backend != "S3") return ValidateOptionsResult.Success;
        var errors = ValidateS3(s3.Value);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    internal static List<string> ValidateS3(S3StorageOptions s)
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(s.Bucket))
            errors.Add("Storage:S3:Bucket is empty; Storage:Backend 'S3' needs a bucket.");
        if (string.IsNullOrWhiteSpace(s.Region))
            errors.Add("Storage:S3:Region is empty; set the bucket's region (e.g. 'eu-west-1'; any value for a ServiceUrl server that ignores it).");
        if (s.ServiceUrl.Length > 0 && !(Uri.TryCreate(s.ServiceUrl, UriKind.Absolute, out var u) && (u.Scheme == "http" || u.Scheme == "https")))
            errors.Add($"Storage:S3:ServiceUrl '{s.ServiceUrl}' must be an absolute http(s) URL (e.g. 'http://127.0.0.1:4568'), or empty for Amazon S3.");
        if (string.IsNullOrEmpty(s.AccessKey) != string.IsNullOrEmpty(s.SecretKey))
            errors.Add("Storage:S3:AccessKey and Storage:S3:SecretKey must be set together, or both left empty to use the AWS default credential chain.");
        if (s.Location.Trim('/') is { Length: > 0 } location && StorageNames.FindBrokenRule(location) is { } rule)
            errors.Add($"Storage:S3:Location '{s.Location}' is not a valid key prefix: {rule} (e.g. 'media').");
        if (s.QuerystringExpire <= TimeSpan.Zero || s.QuerystringExpire > TimeSpan.FromDays(7))
            errors.Add($"Storage:S3:QuerystringExpire {s.QuerystringExpire} must be positive and at most 7 days, S3's limit for presigned URLs (e.g. '01:00:00').");
        if (s.CustomDomain.Contains("://", StringComparison.Ordinal) || s.CustomDomain.StartsWith('/'))
            errors.Add($"Storage:S3:CustomDomain '{s.CustomDomain}' must be a host name (and optional path) without a scheme, e.g. 'cdn.example.com'.");
        return errors;
    }
}
