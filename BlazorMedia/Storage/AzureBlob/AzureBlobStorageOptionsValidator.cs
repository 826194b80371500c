namespace BlazorMedia.Storage.AzureBlob;

/// <summary>Checks <c>Storage:AzureBlob</c> when it is used; each message names the setting and says how to fix it.</summary>
public static class AzureBlobStorageOptionsValidator
{
    public static List<string> Validate(AzureBlobStorageOptions s)
    {
        var errors = new List<string>();
        var hasConnectionString = !string.IsNullOrWhiteSpace(s.ConnectionString);
        var hasAccount = !string.IsNullOrWhiteSpace(s.AccountName) || !string.IsNullOrWhiteSpace(s.AccountKey);
        if (hasConnectionString && hasAccount)
            errors.Add("Storage:AzureBlob:ConnectionString and Storage:AzureBlob:AccountName/AccountKey are both set; use one or the other.");
        else if (!hasConnectionString && (string.IsNullOrWhiteSpace(s.AccountName) || string.IsNullOrWhiteSpace(s.AccountKey)))
            errors.Add("Storage:AzureBlob needs ConnectionString, or AccountName and AccountKey together.");
        if (hasConnectionString && !IsConnectionString(s.ConnectionString))
            errors.Add("Storage:AzureBlob:ConnectionString is not a storage connection string (expected 'Key=Value;' pairs with AccountName and AccountKey, or BlobEndpoint).");
        if (!string.IsNullOrWhiteSpace(s.AccountKey) && !IsBase64(s.AccountKey))
            errors.Add("Storage:AzureBlob:AccountKey is not base64; copy the key from the storage account's access keys.");
        if (string.IsNullOrWhiteSpace(s.Container))
            errors.Add("Storage:AzureBlob:Container is empty; Storage:Backend 'AzureBlob' needs a container.");
        else if (!IsContainerName(s.Container))
            errors.Add($"Storage:AzureBlob:Container '{s.Container}' is not a valid container name (3-63 lower-case letters, digits and single hyphens, starting with a letter or digit).");
        if (s.Location.Trim('/') is { Length: > 0 } location && StorageNames.FindBrokenRule(location) is { } rule)
            errors.Add($"Storage:AzureBlob:Location '{s.Location}' is not a valid blob prefix: {rule} (e.g. 'media').");
        if (s.ExpirationSecs < 0)
            errors.Add($"Storage:AzureBlob:ExpirationSecs {s.ExpirationSecs} must be 0 (no SAS links) or a number of seconds (e.g. 3600).");
        if (s.CustomDomain.Contains("://", StringComparison.Ordinal) || s.CustomDomain.StartsWith('/'))
            errors.Add($"Storage:AzureBlob:CustomDomain '{s.CustomDomain}' must be a host name without a scheme, e.g. 'cdn.example.com'.");
        if (s.BlockSize < 1 << 20 || s.BlockSize > 100 << 20)
            errors.Add($"Storage:AzureBlob:BlockSize {s.BlockSize} must be between 1 MiB (1048576) and 100 MiB (104857600).");
        return errors;
    }

    private static bool IsConnectionString(string value) =>
        value.Split(';', StringSplitOptions.RemoveEmptyEntries).All(p => p.Contains('='))
        && (value.Contains("AccountName=", StringComparison.OrdinalIgnoreCase) || value.Contains("BlobEndpoint=", StringComparison.OrdinalIgnoreCase));

    private static bool IsBase64(string value)
    {
        Span<byte> buffer = stackalloc byte[value.Length];
        return Convert.TryFromBase64String(value, buffer, out _);
    }

    private static bool IsContainerName(string name) =>
        name.Length is >= 3 and <= 63
        && char.IsAsciiLetterOrDigit(name[0]) && name[^1] != '-'
        && name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-')
        && !name.Contains("--", StringComparison.Ordinal);
}
