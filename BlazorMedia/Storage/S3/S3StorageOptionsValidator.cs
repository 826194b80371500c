namespace BlazorMedia.Storage.S3;

/// <summary>Checks <c>Storage:S3</c> when <c>Storage:Backend</c> is <c>S3</c> (or <c>migrate-storage</c> names it);
/// each message names the setting and says how to fix it.</summary>
public static class S3StorageOptionsValidator
{
    public static List<string> Validate(S3StorageOptions s)
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
