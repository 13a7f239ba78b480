using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using StackExchange.Redis;

namespace Ttg.Testing;

/// <summary>
/// A private, real redis-server on a free loopback port, in its own temp directory. It can be SIGKILLed and started
/// again on the same port and directory (to test riding out a crash) and is stopped by its own pid on dispose, so
/// it never touches a server someone else started.
/// </summary>
public sealed partial class RedisServerProcess : IAsyncDisposable
{
    private static readonly TimeSpan _startTimeout = TimeSpan.FromSeconds(20);
    private readonly string _directory;
    private readonly bool _durable;
    private readonly IReadOnlyList<string> _extraArguments;
    private ChildProcess? _process;

    private RedisServerProcess(int port, string directory, bool durable, IReadOnlyList<string> extraArguments)
    {
        Port = port;
        _directory = directory;
        _durable = durable;
        _extraArguments = extraArguments;
    }

    /// <summary>The loopback port the server listens on; it stays the same across restarts.</summary>
    public int Port { get; }

    /// <summary>The server's URL, <c>redis://127.0.0.1:PORT</c>.</summary>
    public string Url => $"redis://127.0.0.1:{Port}";

    /// <summary>
    /// Starts a server and waits until it answers PING. It never snapshots; <paramref name="durable"/> turns on the
    /// append-only file with an fsync on every write, so a SIGKILL loses nothing; otherwise nothing is persisted.
    /// Installs redis-server with apt-get when it is not on PATH.
    /// </summary>
    public static Task<RedisServerProcess> StartAsync(bool durable = false) => StartAsync(LoopbackPort.Free(), [], durable);

    /// <summary>Starts a server on <paramref name="port"/> with extra redis-server arguments (a cluster node's, say).</summary>
    public static async Task<RedisServerProcess> StartAsync(int port, IReadOnlyList<string> extraArguments, bool durable = false)
    {
        DebianPackage.Ensure("redis-server", "redis-server");
        var directory = Directory.CreateTempSubdirectory("ttg-redis-").FullName;
        var server = new RedisServerProcess(port, directory, durable, extraArguments);
        await server.LaunchAsync();
        return server;
    }

    /// <summary>Starts a server that refuses every client without <paramref name="password"/> (set once it answers, so the start check needs none).</summary>
    public static async Task<RedisServerProcess> StartWithPasswordAsync(string password)
    {
        var server = await StartAsync();
        await using var admin = await ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{server.Port}");
        await admin.GetDatabase().ExecuteAsync("CONFIG", "SET", "requirepass", password);
        return server;
    }

    /// <summary>SIGKILLs the server (no shutdown save) and starts it again on the same port and directory.</summary>
    public async Task KillAndRestartAsync()
    {
        Kill();
        await LaunchAsync();
    }

    /// <summary>SIGKILLs the server, so it cannot save anything on the way out, and waits for it to exit.</summary>
    public void Kill() => _process?.Kill();

    /// <summary>Starts the server (again, after <see cref="Kill"/>) and waits until it answers PING.</summary>
    public Task LaunchAsync()
    {
        _process?.Dispose();
        var port = Port.ToString(CultureInfo.InvariantCulture);
        string[] persistence = _durable ? ["--appendonly", "yes", "--appendfsync", "always"] : ["--appendonly", "no"];
        _process = ChildProcess.Start(
            "redis-server",
            ["--port", port, "--bind", "127.0.0.1", "--protected-mode", "yes", "--save", "", "--dir", _directory, .. persistence, .. _extraArguments]);
        return WaitForPingAsync();
    }

    /// <summary>Closes the INFO connection, kills the server by its pid and deletes its directory.</summary>
    public async ValueTask DisposeAsync()
    {
        await CloseConnectionAsync();
        Kill(); // and wait, so the server is not still writing to the directory deleted next
        _process?.Dispose();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private async Task WaitForPingAsync()
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < _startTimeout)
        {
            if (_process!.HasExited)
            {
                var exit = await _process.WaitAsync(TimeSpan.FromSeconds(5));
                throw new InvalidOperationException($"redis-server on port {Port} exited at start: {exit}");
            }

            if (await AnswersPingAsync())
            {
                return;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"redis-server on port {Port} did not answer PING within {_startTimeout}");
    }

    // A raw PING rather than a client library: the server must be up before anyone connects. Each try is bounded,
    // so a port that accepts and never answers counts as not ready and the start timeout still applies.
    private async Task<bool> AnswersPingAsync()
    {
        using var attempt = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, Port, attempt.Token);
            var stream = client.GetStream();
            await stream.WriteAsync(Encoding.ASCII.GetBytes("PING\r\n"), attempt.Token);
            var buffer = new byte[64];
            var read = await stream.ReadAsync(buffer, attempt.Token);
            return Encoding.ASCII.GetString(buffer, 0, read).StartsWith("+PONG", StringComparison.Ordinal);
        }
        catch (Exception e) when (e is SocketException or IOException or OperationCanceledException)
        {
            return false;
        }
    }
}
