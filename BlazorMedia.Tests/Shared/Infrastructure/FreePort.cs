using System.Net;
using System.Net.Sockets;

namespace BlazorMedia.Tests.Infrastructure;

public static class FreePort
{
    /// <summary>A loopback TCP port nobody listens on right now.</summary>
    public static int Next()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }
}
