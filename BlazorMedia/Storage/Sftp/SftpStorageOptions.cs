namespace BlazorMedia.Storage.Sftp;

/// <summary>Options of <see cref="SftpStorage"/>, named after django-storages' <c>SFTPStorage</c> settings
/// (<c>SFTP_STORAGE_HOST</c>, <c>SFTP_STORAGE_ROOT</c>, <c>SFTP_STORAGE_FILE_MODE</c>, ...), plus a pinned host key.
/// Section <c>Storage:Sftp</c>; used when <c>Storage:Backend</c> is <c>Sftp</c>.</summary>
public sealed class SftpStorageOptions
{
    public const string SectionName = "Storage:Sftp";

    /// <summary>Server host name or address (<c>host</c>). Required: no default.</summary>
    public string Host { get; set; } = "";

    /// <summary>Server port. Default 22.</summary>
    public int Port { get; set; } = 22;

    /// <summary>User to sign in as. Required: no default.</summary>
    public string Username { get; set; } = "";

    /// <summary>OpenSSH private key file of <see cref="Username"/> (<c>key_filename</c>). Default empty: use
    /// <see cref="Password"/>. Keys are the better choice.</summary>
    public string PrivateKeyFile { get; set; } = "";

    /// <summary>Passphrase of <see cref="PrivateKeyFile"/>, when it has one. Default empty.</summary>
    public string PrivateKeyPassphrase { get; set; } = "";

    /// <summary>Password of <see cref="Username"/> (<c>password</c>). Default empty.</summary>
    public string Password { get; set; } = "";

    /// <summary>The server's host key fingerprint in OpenSSH's form, as <c>ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub</c>
    /// prints it on the server: <c>SHA256:</c> + 43 base64 characters. Required: django-storages trusts any host key
    /// (paramiko's AutoAddPolicy), which lets anyone in between read and replace every file; here a key that differs is
    /// refused with a message naming both fingerprints.</summary>
    public string HostKeyFingerprint { get; set; } = "";

    /// <summary>Absolute folder on the server that holds the files (<c>root_path</c>), e.g. <c>/srv/media</c>. It must
    /// exist. Required: no default.</summary>
    public string RootPath { get; set; } = "";

    /// <summary>Octal mode given to every stored file (<c>file_mode</c>), e.g. <c>0640</c>. Default empty: the
    /// server's umask decides.</summary>
    public string FileMode { get; set; } = "";

    /// <summary>Octal mode given to every folder the storage creates (<c>dir_mode</c>), e.g. <c>0750</c>. Default
    /// empty: the server's umask decides.</summary>
    public string DirMode { get; set; } = "";

    /// <summary>How many SSH connections the storage keeps open and spreads its operations over (each carries many
    /// concurrent SFTP requests). Default 4.</summary>
    public int PoolSize { get; set; } = 4;

    /// <summary>How long a connection attempt or one SFTP operation may take. Default 30 seconds.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>URL prefix for names. Not bound: always <c>Media:Url</c> (the media endpoint streams from the server).</summary>
    public string BaseUrl { get; set; } = "/media/";

    /// <summary><see cref="FileMode"/> parsed; null when empty.</summary>
    internal short? FileModeBits => ParseMode(FileMode);

    /// <summary><see cref="DirMode"/> parsed; null when empty.</summary>
    internal short? DirModeBits => ParseMode(DirMode);

    /// <summary>SSH.NET's <c>ChangePermissions</c> takes the octal digits written as a decimal number (0640 as 640).</summary>
    internal static short AsDecimalDigits(short mode) => (short)((mode >> 6 & 7) * 100 + (mode >> 3 & 7) * 10 + (mode & 7));

    internal static short? ParseMode(string mode)
    {
        if (string.IsNullOrWhiteSpace(mode)) return null;
        var value = 0;
        foreach (var c in mode.Trim())
        {
            if (c is < '0' or > '7') return -1;
            value = value * 8 + (c - '0');
            if (value > 0x1FF) return -1; // 0777: no set-id or sticky bits on media files
        }
        return (short)value;
    }
}
