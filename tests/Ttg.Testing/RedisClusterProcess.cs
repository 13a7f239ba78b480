using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Ttg.Testing;

/// <summary>
/// A private three-master Redis Cluster on loopback (real redis-server processes, slots assigned by
/// <c>redis-cli --cluster create</c>), so the per-job hash-tag design is exercised across real slots and nodes.
/// </summary>
public sealed class RedisClusterProcess : IAsyncDisposable
{
    private const int Nodes = 3;
    private readonly List<RedisServerProcess> _nodes;

    private RedisClusterProcess(List<RedisServerProcess> nodes) => _nodes = nodes;

    /// <summary>The URL of one node; clients discover the others from it.</summary>
    public string Url => _nodes[0].Url;

    /// <summary>Starts the nodes, joins them into a cluster and waits until every slot is served.</summary>
    public static async Task<RedisClusterProcess> StartAsync()
    {
        var first = FreeNodePorts();
        var nodes = new List<RedisServerProcess>(Nodes);
        try
        {
            for (var i = 0; i < Nodes; i++)
            {
                nodes.Add(await RedisServerProcess.StartAsync(first + i, ["--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf", "--cluster-node-timeout", "5000"]));
            }

            var addresses = nodes.Select(n => $"127.0.0.1:{n.Port.ToString(CultureInfo.InvariantCulture)}");
            using (var create = ChildProcess.Start("redis-cli", ["--cluster", "create", .. addresses, "--cluster-yes"], Path.GetTempPath()))
            {
                var created = await create.WaitAsync(TimeSpan.FromSeconds(60));
                if (created.ExitCode != 0)
                {
                    throw new InvalidOperationException($"redis-cli --cluster create failed: {created}");
                }
            }

            var cluster = new RedisClusterProcess(nodes);
            await cluster.WaitUntilServingAsync();
            return cluster;
        }
        catch
        {
            foreach (var node in nodes)
            {
                await node.DisposeAsync();
            }

            throw;
        }
    }

    /// <summary>Stops every node by its pid.</summary>
    public async ValueTask DisposeAsync()
    {
        foreach (var node in _nodes)
        {
            await node.DisposeAsync();
        }
    }

    private async Task WaitUntilServingAsync()
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(30))
        {
            var ok = true;
            foreach (var node in _nodes)
            {
                using var info = ChildProcess.Start("redis-cli", ["-p", node.Port.ToString(CultureInfo.InvariantCulture), "cluster", "info"], Path.GetTempPath());
                ok &= (await info.WaitAsync(TimeSpan.FromSeconds(10))).Stdout.Contains("cluster_state:ok", StringComparison.Ordinal);
            }

            if (ok)
            {
                return;
            }

            await Task.Delay(200);
        }

        throw new TimeoutException("the Redis Cluster did not reach cluster_state:ok within 30 s");
    }

    // A node also listens on its port + 10000 (the cluster bus): pick consecutive ports whose bus ports are free too.
    private static int FreeNodePorts()
    {
        for (var attempt = 0; attempt < 200; attempt++)
        {
            var first = Random.Shared.Next(20_000, 45_000);
            if (Enumerable.Range(first, Nodes).All(p => IsFree(p) && IsFree(p + 10_000)))
            {
                return first;
            }
        }

        throw new InvalidOperationException("found no free loopback ports for a Redis Cluster");
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
