using BlazorMedia.Security;
using BlazorMedia.Spooling;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace BlazorMedia.Features.Diagnostics;

/// <summary>What /system does, for administrators only. Checked here as well as on the page: the page's buttons are
/// interactive events, which never pass HTTP authorization.</summary>
public sealed class SystemCheckService(HealthCheckService health)
{
    public const string AdministratorsOnly = "The system check is for administrators only.";

    public Task<HealthReport> RunChecksAsync(Caller caller, CancellationToken cancellationToken = default)
    {
        Demand(caller);
        return health.CheckHealthAsync(cancellationToken);
    }

    /// <summary>Reads <paramref name="content"/> to its end, counting and hashing what actually arrives; nothing is
    /// stored.</summary>
    public async Task<(long Received, string Sha256)> MeasureUploadAsync(Stream content, Caller caller, CancellationToken cancellationToken = default)
    {
        Demand(caller);
        var digest = await HashingStream.DigestAsync(content, cancellationToken);
        return (digest.Length, digest.Sha256);
    }

    private static void Demand(Caller caller)
    {
        if (!caller.IsAdministrator) throw new AccessDeniedException(AdministratorsOnly);
    }
}
