using Ttg.Testing;

namespace Ttg.Deploy.Tests;

/// <summary>
/// A network namespace of its own with only a loopback interface, holding a private redis-server on 127.0.0.1:
/// programs entered into it (nsenter) reach that server and nothing else, as a pod whose only peer is Redis.
/// Needs root (creating the namespace) and util-linux's unshare and nsenter, iproute2's ip, redis-server and redis-cli.
/// </summary>
internal sealed class LoopbackOnlyNetwork : IDisposable
{
    private readonly ChildProcess _redis;

    private LoopbackOnlyNetwork(ChildProcess redis, int port)
    {
        _redis = redis;
        Port = port;
    }

    public int Port { get; }

    public string RedisUrl => $"redis://127.0.0.1:{Port}";

    /// <summary>Starts redis-server in a new network namespace and waits until it answers there.</summary>
    public static async Task<LoopbackOnlyNetwork> StartAsync()
    {
        const int port = 6379; // the namespace is empty, so the default port is free in it
        // unshare execs sh, which brings loopback up and execs redis-server: the started pid is the server's.
        var redis = ChildProcess.Start("unshare", ["--net", "--", "sh", "-c",
            $"ip link set lo up && exec redis-server --port {port} --bind 127.0.0.1 --save '' --appendonly no --dir /tmp"]);
        var network = new LoopbackOnlyNetwork(redis, port);
        for (var attempt = 0; attempt < 100; attempt++)
        {
            var ping = await network.RunAsync("redis-cli", "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "ping");
            if (ping.Stdout.Contains("PONG", StringComparison.Ordinal))
            {
                return network;
            }

            Assert.False(redis.HasExited, $"redis-server in its own network namespace stopped: {redis.Stderr}{redis.Stdout}");
            await Task.Delay(100);
        }

        network.Dispose();
        throw new Xunit.Sdk.XunitException("redis-server in its own network namespace did not answer within 10 s");
    }

    /// <summary>The arguments that run a program inside this namespace.</summary>
    public string[] Enter(params string[] command) => ["--net=/proc/" + _redis.Id + "/ns/net", "--", .. command];

    public async Task<ProcessResult> RunAsync(params string[] command) =>
        await ChildProcess.RunAsync("nsenter", Enter(command), TimeSpan.FromMinutes(1));

    public void Dispose() => _redis.Dispose();
}
