namespace BlazorMedia.Storage.Sftp;

/// <summary>Checks <c>Storage:Sftp</c> when it is used; each message names the setting and says how to fix it.</summary>
public static class SftpStorageOptionsValidator
{
    public static List<string> Validate(SftpStorageOptions s)
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(s.Host))
            errors.Add("Storage:Sftp:Host is empty; Storage:Backend 'Sftp' needs the server's host name.");
        if (s.Port is < 1 or > 65535)
            errors.Add($"Storage:Sftp:Port {s.Port} must be between 1 and 65535 (SSH's default is 22).");
        if (string.IsNullOrWhiteSpace(s.Username))
            errors.Add("Storage:Sftp:Username is empty; set the user the app signs in as.");
        if (string.IsNullOrWhiteSpace(s.PrivateKeyFile) && string.IsNullOrEmpty(s.Password))
            errors.Add("Storage:Sftp needs PrivateKeyFile (preferred) or Password.");
        else if (!string.IsNullOrWhiteSpace(s.PrivateKeyFile) && !File.Exists(s.PrivateKeyFile))
            errors.Add($"Storage:Sftp:PrivateKeyFile '{s.PrivateKeyFile}' does not exist.");
        if (!IsSha256Fingerprint(s.HostKeyFingerprint))
            errors.Add($"Storage:Sftp:HostKeyFingerprint '{s.HostKeyFingerprint}' is required in OpenSSH's form 'SHA256:' + 43 base64 characters, as `ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub` prints it on the server.");
        if (!s.RootPath.StartsWith('/'))
            errors.Add($"Storage:Sftp:RootPath '{s.RootPath}' must be an absolute folder on the server, e.g. '/srv/media'.");
        else if (s.RootPath.Trim('/') is { Length: > 0 } root && StorageNames.FindBrokenRule(root) is { } rule)
            errors.Add($"Storage:Sftp:RootPath '{s.RootPath}' is not a plain folder path: {rule}.");
        if (s.FileModeBits is < 0)
            errors.Add($"Storage:Sftp:FileMode '{s.FileMode}' must be an octal mode such as '0640', or empty.");
        if (s.DirModeBits is < 0)
            errors.Add($"Storage:Sftp:DirMode '{s.DirMode}' must be an octal mode such as '0750', or empty.");
        if (s.PoolSize is < 1 or > 64)
            errors.Add($"Storage:Sftp:PoolSize {s.PoolSize} must be between 1 and 64.");
        if (s.Timeout <= TimeSpan.Zero || s.Timeout > TimeSpan.FromMinutes(10))
            errors.Add($"Storage:Sftp:Timeout {s.Timeout} must be positive and at most 10 minutes (e.g. '00:00:30').");
        return errors;
    }

    /// <summary><c>SHA256:</c> and the 32-byte digest in unpadded base64 (43 characters).</summary>
    internal static bool IsSha256Fingerprint(string value)
    {
        const string prefix = "SHA256:";
        if (!value.StartsWith(prefix, StringComparison.Ordinal) || value.Length != prefix.Length + 43) return false;
        Span<byte> digest = stackalloc byte[33];
        return Convert.TryFromBase64String(value[prefix.Length..] + "=", digest, out var written) && written == 32;
    }
}
