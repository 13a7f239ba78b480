using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Ttg.Testing;
using Ttg.WorkQueue;

namespace Ttg.Redis.Tests;

/// <summary>
/// A server that listens but answers late (an overloaded host, a slow network hop) is waited for, not reported as
/// unreachable; one that listens and never speaks Redis is still reported, with what was found there.
/// </summary>
public sealed class SlowHandshakeTests
{
    [Fact]
    public async Task ARedisBehindAHopThatHoldsEveryConnectionFourSeconds_IsConnected_NotReportedUnreachable()
    {
        await using var server = await RedisServerProcess.StartAsync();
        using var hop = new HoldingHop(server.Port, TimeSpan.FromSeconds(4));

        await using var backend = await RedisBackend.ConnectAsync(new RedisBackendOptions { Url = $"redis://127.0.0.1:{hop.Port}", KeyPrefix = "slow" });

        Assert.Empty(await backend.ListJobsAsync());
    }

    [Fact]
    public async Task APortThatAcceptsButNeverSpeaksRedis_IsReported_SayingWhatListensThere()
    {
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start(); // accepts into its backlog and never answers
        var port = ((IPEndPoint)silent.LocalEndpoint).Port;
        var clock = Stopwatch.StartNew();

        var connecting = RedisBackend.ConnectAsync(new RedisBackendOptions { Url = $"redis://127.0.0.1:{port}" });
        // A connect that waits on the silent port for ever fails the test here instead of holding the run.
        Assert.True(await Task.WhenAny(connecting, Task.Delay(TimeSpan.FromMinutes(2))) == connecting, "connecting to a port that never speaks Redis did not end within 2 minutes");
        var error = await Assert.ThrowsAsync<BackendException>(() => connecting);

        Assert.Contains("the port accepts connections but no Redis answered", error.Message, StringComparison.Ordinal);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"took {clock.Elapsed}");
    }

    /// <summary>A loopback hop that holds each connection for a while before it relays bytes both ways to Redis.</summary>
    private sealed class HoldingHop : IDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly CancellationTokenSource _stop = new();

        public HoldingHop(int target, TimeSpan hold)
        {
            _listener.Start();
            _ = RelayAsync(target, hold);
        }

        public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

        private async Task RelayAsync(int target, TimeSpan hold)
        {
            while (!_stop.IsCancellationRequested)
            {
                TcpClient client;
                try
                {
                    client = await _listener.AcceptTcpClientAsync(_stop.Token);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                _ = Task.Run(async () =>
                {
                    using (client)
                    using (var upstream = new TcpClient())
                    {
                        try
                        {
                            await Task.Delay(hold, _stop.Token);
                            await upstream.ConnectAsync(IPAddress.Loopback, target, _stop.Token);
                            var down = client.GetStream().CopyToAsync(upstream.GetStream(), _stop.Token);
                            var up = upstream.GetStream().CopyToAsync(client.GetStream(), _stop.Token);
                            await Task.WhenAny(down, up);
                        }
                        catch (Exception ex) when (ex is OperationCanceledException or IOException or SocketException)
                        {
                            // The client gave up on this connection or the test ended.
                        }
                    }
                });
            }
        }

        public void Dispose()
        {
            _stop.Cancel();
            _listener.Stop();
            _stop.Dispose();
        }
    }
}
