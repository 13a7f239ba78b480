using System.Net;
using System.Net.Sockets;

namespace Ttg.Testing;

/// <summary>Free TCP ports on 127.0.0.1.</summary>
public static class LoopbackPort
{
    /// <summary>A port the OS just reported free; another process could still take it before it is bound again.</summary>
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
