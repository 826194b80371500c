using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace BlazorMedia;

/// <summary>Where the server listens, said plainly: a taken port is one line naming it and how to choose another
/// (Kestrel's own failure is a stack trace), and once started the app says its address on standard output.</summary>
internal static class ServerAddresses
{
    /// <summary>The first configured address whose port is taken, or null. Checked before the server starts, so the
    /// answer is one line; a port taken in the moment between this check and the bind still fails, less politely.</summary>
    public static string? FindTaken(IConfiguration configuration)
    {
        // --urls, ASPNETCORE_URLS or the launch profile; without any, and without Kestrel endpoints, Kestrel's default.
        var urls = configuration["urls"]
            ?? (configuration["http_ports"] is null && !configuration.GetSection("Kestrel:Endpoints").Exists() ? "http://localhost:5000" : null);
        foreach (var url in (urls ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!TryParse(url, out var endpoint)) continue;
            try
            {
                using var socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
                socket.Bind(endpoint);
            }
            catch (SocketException e) when (e.SocketErrorCode is SocketError.AddressAlreadyInUse or SocketError.AccessDenied)
            {
                return url;
            }
        }
        return null;
    }

    /// <summary>The line the app prints once it listens.</summary>
    public static string Announce(IServer server) =>
        $"BlazorMedia is running at {string.Join(", ", server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [])} (Ctrl+C stops it).";

    private static bool TryParse(string url, out IPEndPoint endpoint)
    {
        endpoint = default!;
        // Kestrel's wildcards (http://*:5000, http://+:5000) are not URIs; they mean every address.
        var normalized = url.Replace("://*", "://0.0.0.0", StringComparison.Ordinal).Replace("://+", "://0.0.0.0", StringComparison.Ordinal);
        if (!Uri.TryCreate(normalized, UriKind.Absolute, out var uri) || uri.Port <= 0) return false;
        var address = uri.Host == "localhost" ? IPAddress.Loopback : IPAddress.TryParse(uri.Host, out var ip) ? ip : null;
        if (address is null) return false;
        endpoint = new IPEndPoint(address, uri.Port);
        return true;
    }
}
