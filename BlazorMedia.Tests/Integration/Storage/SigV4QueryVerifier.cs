using System.Security.Cryptography;
using System.Text;
using System.Web;

namespace BlazorMedia.Tests.Storage;

/// <summary>Checks a presigned S3 GET URL against the published SigV4 query-string algorithm (AWS docs, "Authenticating
/// Requests: Using Query Parameters"), independently of the SDK. Needed because s3rver accepts any SigV4 signature,
/// so only this can show that tampering with a presigned URL invalidates it.</summary>
public static class SigV4QueryVerifier
{
    public static bool IsValid(string url, string secretKey)
    {
        var uri = new Uri(url);
        var query = HttpUtility.ParseQueryString(uri.Query);
        var signature = query["X-Amz-Signature"];
        var credential = query["X-Amz-Credential"]?.Split('/');
        if (signature is null || credential is not { Length: 5 } || query["X-Amz-SignedHeaders"] != "host") return false;

        var canonicalQuery = string.Join('&', query.AllKeys
            .Where(k => k is not null && k != "X-Amz-Signature")
            .Order(StringComparer.Ordinal)
            .Select(k => $"{Encode(k!)}={Encode(query[k]!)}"));
        var host = uri.IsDefaultPort ? uri.Host : $"{uri.Host}:{uri.Port}";
        var canonicalRequest = $"GET\n{uri.AbsolutePath}\n{canonicalQuery}\nhost:{host}\n\nhost\nUNSIGNED-PAYLOAD";
        var scope = string.Join('/', credential[1..]);
        var stringToSign = $"AWS4-HMAC-SHA256\n{query["X-Amz-Date"]}\n{scope}\n{Hex(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalRequest)))}";

        var key = Encoding.UTF8.GetBytes("AWS4" + secretKey);
        foreach (var part in credential[1..])
            key = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(part));
        var expected = Hex(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(stringToSign)));
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(signature));
    }

    // SigV4 URI encoding: everything but A-Z a-z 0-9 - _ . ~ is %XX (upper case), UTF-8.
    private static string Encode(string value)
    {
        var sb = new StringBuilder();
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            if (char.IsAsciiLetterOrDigit((char)b) || b is (byte)'-' or (byte)'_' or (byte)'.' or (byte)'~') sb.Append((char)b);
            else sb.Append('%').Append(b.ToString("X2"));
        }
        return sb.ToString();
    }

    private static string Hex(byte[] bytes) => Convert.ToHexStringLower(bytes);
}
