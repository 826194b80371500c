using System.Net;
using System.Net.Sockets;

namespace BlazorMedia.Tests.Infrastructure;

public static class FreePort
{
    // Lanes run side by side (test.sh) and each runs test classes in parallel: two test hosts could each be handed the
    // same free port before either server binds it. A port is taken only if its marker could be created in the run's
    // temp folder (shared by every test host of one ./test.sh), so no two processes of a run ever use the same one.
    private static readonly string Claims = Path.Combine(Path.GetTempPath(), "blazormedia-ports");

    /// <summary>A loopback TCP port nobody listens on right now, and that no other test of this run was given.</summary>
    public static int Next()
    {
        Directory.CreateDirectory(Claims);
        for (var attempt = 0; ; attempt++)
        {
            int port;
            using (var l = new TcpListener(IPAddress.Loopback, 0))
            {
                l.Start();
                port = ((IPEndPoint)l.LocalEndpoint).Port;
            }
            try
            {
                using (File.Open(Path.Combine(Claims, port.ToString(System.Globalization.CultureInfo.InvariantCulture)), FileMode.CreateNew)) { }
                return port;
            }
            catch (IOException) when (attempt < 100)
            {
                // Given to another test of this run already: ask again.
            }
        }
    }
}
