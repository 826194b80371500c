namespace BlazorMedia.Uploads;

/// <summary>Django's <c>FILE_UPLOAD_*</c> and <c>DATA_UPLOAD_*</c> settings. Section <c>Uploads</c>.</summary>
public sealed class UploadsOptions
{
    public const string SectionName = "Uploads";

    /// <summary>Uploads up to this many bytes are buffered in memory; larger ones spool to <see cref="TempDir"/>.
    /// Default 2,621,440 (2.5 MB, Django's <c>FILE_UPLOAD_MAX_MEMORY_SIZE</c>); 0 to 256 MiB.</summary>
    public long MaxMemorySize { get; set; } = 2_621_440;

    /// <summary>Folder for spooled uploads. Default: the system temp folder (Django's <c>FILE_UPLOAD_TEMP_DIR</c>).</summary>
    public string? TempDir { get; set; }

    /// <summary>Most files accepted in one selection. Default 20 (Django's <c>DATA_UPLOAD_MAX_NUMBER_FILES</c> is 100); 1 to 10,000.</summary>
    public int MaxFiles { get; set; } = 20;

    /// <summary>Largest avatar in bytes. Default 10 MiB.</summary>
    public long MaxAvatarSize { get; set; } = 10L * 1024 * 1024;

    /// <summary>Largest document (report) in bytes. Default 100 MiB.</summary>
    public long MaxDocumentSize { get; set; } = 100L * 1024 * 1024;

    /// <summary>Limits each signed-in user's uploads (section <c>Uploads:PerUser</c>).</summary>
    public PerUserUploadLimits PerUser { get; set; } = new();

    /// <summary>Files larger than this (as the browser declares them) travel as one streaming HTTP POST instead of
    /// InputFile's SignalR messages, which top out around 10–20 MB/s. The limits are still checked on the bytes
    /// received. Default 4 MiB.</summary>
    public long StreamingThreshold { get; set; } = 4L * 1024 * 1024;

    /// <summary>How long a streaming-upload ticket may wait for its POST to start, and how long a received file waits
    /// for its page to claim it. Default 10 minutes.</summary>
    public TimeSpan StreamingTicketLifetime { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>An upload (streaming POST or InputFile) that brings no byte for this long is cut, its spool file deleted
    /// and its ticket freed. Kestrel alone would hold a body that stopped after B bytes for about B/240 seconds.
    /// Default 30 seconds; 1 second to 10 minutes.</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Least average rate, in bytes per second, over each <see cref="IdleTimeout"/> of an upload; a body that
    /// trickles slower is cut like a stalled one. Default 4096 (32 kbit/s: a 10 MiB avatar may take 42 minutes);
    /// 0 turns it off.</summary>
    public long MinBytesPerSecond { get; set; } = 4096;

    /// <summary>The two settings above as one value.</summary>
    internal UploadPace Pace => new(IdleTimeout, MinBytesPerSecond);
}

/// <summary>Per-user upload limits, enforced by the upload service (interactive uploads arrive over SignalR, which
/// HTTP rate-limiting middleware never sees). A limit of 0 turns that limit off.</summary>
public sealed class PerUserUploadLimits
{
    /// <summary>Uploads a user may start in any 60 seconds. Default 20. Counted in memory per instance.</summary>
    public int UploadsPerMinute { get; set; } = 20;

    /// <summary>Bytes a user may store in any 24 hours (catalogued files plus uploads in progress). Default 1 GiB.</summary>
    public long BytesPerDay { get; set; } = 1L << 30;

    /// <summary>Bytes a user's catalogued files may take in total. Default 2 GiB.</summary>
    public long StorageQuota { get; set; } = 2L << 30;

    /// <summary>Administrators are not limited. Default true.</summary>
    public bool ExemptAdministrators { get; set; } = true;
}
