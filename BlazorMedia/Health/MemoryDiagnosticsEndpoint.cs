using System.Runtime;
namespace BlazorMedia.Health;

/// <summary><c>GET /_diagnostics/memory</c>, mapped only when <c>Diagnostics:MemoryEndpoint=true</c> (bench/circuits.sh
/// sets it; never on by default). It forces a full, compacting, blocking collection first, so two readings differ by
/// what is really held (circuits, caches) and not by garbage waiting for the next collection, which RSS alone cannot
/// tell apart on a 2-core machine with a lazy GC. A blocking collection stalls every request, so even when switched
/// on it is for administrators only, and one at a time: a call while another collects is answered 429 at once.</summary>
internal static class MemoryDiagnosticsEndpoint
{
    public const string SettingName = "Diagnostics:MemoryEndpoint";

    public static void MapMemoryDiagnostics(this IEndpointRouteBuilder endpoints, IConfiguration configuration)
    {
        if (!configuration.GetValue<bool>(SettingName)) return;
        var collecting = new SemaphoreSlim(1, 1);
        endpoints.MapGet("/_diagnostics/memory", () =>
        {
            if (!collecting.Wait(0)) return Results.StatusCode(StatusCodes.Status429TooManyRequests);
            try { return Measure(); }
            finally { collecting.Release(); }
        }).RequireAuthorization(policy => policy.RequireRole(Security.Caller.AdministratorRole));
    }

    private static IResult Measure()
    {
        GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers(); // finalizers can free more (disposed circuits' native handles)
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        using var self = System.Diagnostics.Process.GetCurrentProcess();
        return Results.Json(new
        {
            managedBytes = GC.GetTotalMemory(forceFullCollection: false),
            rssBytes = self.WorkingSet64,
        });
    }
}
