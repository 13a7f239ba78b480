using System.Net;
using System.Net.Sockets;

namespace Ttg.Redis;

/// <summary>
/// Why a Redis server could not be reached, in words a user can act on. StackExchange.Redis reports only its own
/// state ("UnableToConnect"), so one plain TCP connect to the same end point tells a refused port, a name that
/// does not resolve and a silent host apart. Used on the failure path only.
/// </summary>
internal static class UnreachableReason
{
    /// <summary>The reason, and whether the port accepted a TCP connection (so TLS or the protocol failed, not the network).</summary>
    public static async Task<(string Reason, bool PortOpen)> DiagnoseAsync(EndPoint endPoint, TimeSpan timeout)
    {
        var silent = $"no answer within {timeout.TotalSeconds:0.#} s, tried twice";
        using var client = new TcpClient();
        try
        {
            var connect = endPoint switch
            {
                DnsEndPoint dns => client.ConnectAsync(dns.Host, dns.Port),
                IPEndPoint ip => client.ConnectAsync(ip),
                _ => Task.CompletedTask,
            };
            await connect.WaitAsync(timeout).ConfigureAwait(false);
            return client.Connected
                ? ("the port accepts connections but no Redis answered there (is it TLS, or another service?)", true)
                : (silent, false);
        }
        catch (SocketException socket)
        {
            return (socket.SocketErrorCode switch
            {
                SocketError.ConnectionRefused => "connection refused (nothing listens on that port)",
                SocketError.HostNotFound or SocketError.TryAgain or SocketError.NoData => "the host name does not resolve",
                SocketError.NetworkUnreachable or SocketError.HostUnreachable => "no route to the host",
                _ => silent,
            }, false);
        }
        catch (TimeoutException)
        {
            return (silent, false);
        }
    }
}
