using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Ttg.Redis.Tests;

/// <summary>A real redis-server on a free loopback port, in its own temp directory, stopped by pid.</summary>
public sealed class RedisServerProcess : IAsyncDisposable
{
    private readonly string _dir;
    private readonly bool _durable;
    private Process? _process;

    private RedisServerProcess(int port, string dir, bool durable)
    {
        Port = port;
        _dir = dir;
        _durable = durable;
    }

    public int Port { get; }

    public string Url => $"redis://127.0.0.1:{Port}";

    /// <summary>Starts a server; <paramref name="durable"/> turns on appendonly with fsync on every write.</summary>
    public static async Task<RedisServerProcess> StartAsync(bool durable = false)
    {
        EnsureInstalled();
        var dir = Path.Combine(Path.GetTempPath(), "ttg-redis-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        var server = new RedisServerProcess(FreePort(), dir, durable);
        await server.LaunchAsync();
        return server;
    }

    /// <summary>SIGKILLs the server (no shutdown save) and starts it again on the same port and directory.</summary>
    public async Task KillAndRestartAsync()
    {
        Kill();
        await LaunchAsync();
    }

    /// <summary>SIGKILLs the server and waits for it to exit.</summary>
    public void Kill()
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill();
            process.WaitForExit();
        }
    }

    /// <summary>Starts the server again after <see cref="Kill"/>.</summary>
    public Task LaunchAsync()
    {
        var args = new List<string> { "--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--dir", _dir };
        args.AddRange(_durable ? ["--appendonly", "yes", "--appendfsync", "always"] : ["--appendonly", "no"]);
        var info = new ProcessStartInfo("redis-server") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        args.ForEach(info.ArgumentList.Add);
        _process = Process.Start(info) ?? throw new InvalidOperationException("redis-server did not start");
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        return WaitForPingAsync(TimeSpan.FromSeconds(20));
    }

    public ValueTask DisposeAsync()
    {
        Kill();
        _process?.Dispose();
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
        }

        return ValueTask.CompletedTask;
    }

    private async Task WaitForPingAsync(TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < timeout)
        {
            if (_process!.HasExited)
            {
                throw new InvalidOperationException($"redis-server exited with code {_process.ExitCode}");
            }

            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, Port);
                var stream = client.GetStream();
                await stream.WriteAsync(Encoding.ASCII.GetBytes("PING\r\n"));
                var buffer = new byte[64];
                var read = await stream.ReadAsync(buffer);
                if (Encoding.ASCII.GetString(buffer, 0, read).StartsWith("+PONG", StringComparison.Ordinal))
                {
                    return;
                }
            }
            catch (SocketException)
            {
            }
            catch (IOException)
            {
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"redis-server on port {Port} did not answer PING within {timeout}");
    }

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private static void EnsureInstalled()
    {
        var found = Environment.GetEnvironmentVariable("PATH")?.Split(':').Any(p => File.Exists(Path.Combine(p, "redis-server"))) ?? false;
        if (found)
        {
            return;
        }

        using var apt = Process.Start("apt-get", "install -y redis-server") ?? throw new InvalidOperationException("apt-get did not start");
        apt.WaitForExit();
        if (apt.ExitCode != 0)
        {
            throw new InvalidOperationException("redis-server is missing and apt-get install -y redis-server failed");
        }
    }
}
