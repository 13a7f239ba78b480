using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using StackExchange.Redis;

namespace Ttg.Bench;

/// <summary>A private redis-server on a free loopback port, with no persistence; stopped by its own pid.</summary>
internal sealed class RedisServer : IAsyncDisposable
{
    private readonly Process _process;

    private RedisServer(Process process, int port, ConnectionMultiplexer connection)
    {
        _process = process;
        Port = port;
        Connection = connection;
    }

    public int Port { get; }

    public string Url => $"redis://127.0.0.1:{Port}";

    public ConnectionMultiplexer Connection { get; }

    public IDatabase Db => Connection.GetDatabase();

    public static async Task<RedisServer> StartAsync()
    {
        var port = FreePort();
        var info = new ProcessStartInfo("redis-server")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in new[] { "--port", port.ToString(), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--protected-mode", "yes" })
        {
            info.ArgumentList.Add(a);
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException("redis-server did not start");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                var connection = await ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{port},allowAdmin=true,connectTimeout=500");
                await connection.GetDatabase().PingAsync();
                return new RedisServer(process, port, connection);
            }
            catch (RedisConnectionException) when (deadline.Elapsed < TimeSpan.FromSeconds(10) && !process.HasExited)
            {
                await Task.Delay(50);
            }
        }
    }

    /// <summary>A field of INFO (e.g. memory / used_memory_peak) as a number.</summary>
    public async Task<long> InfoAsync(string section, string field)
    {
        var text = (string?)await Db.ExecuteAsync("INFO", section) ?? "";
        foreach (var line in text.Split('\n'))
        {
            if (line.StartsWith(field + ":", StringComparison.Ordinal))
            {
                return (long)double.Parse(line[(field.Length + 1)..].Trim(), System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        throw new InvalidOperationException($"INFO {section} has no {field}");
    }

    /// <summary>CPU time the server has used (INFO cpu), in seconds.</summary>
    public async Task<double> CpuSecondsAsync()
    {
        var text = (string?)await Db.ExecuteAsync("INFO", "cpu") ?? "";
        double total = 0;
        foreach (var line in text.Split('\n'))
        {
            if (line.StartsWith("used_cpu_user:", StringComparison.Ordinal) || line.StartsWith("used_cpu_sys:", StringComparison.Ordinal))
            {
                total += double.Parse(line.Split(':')[1].Trim(), System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        return total;
    }

    public async Task<string> VersionAsync()
    {
        var text = (string?)await Db.ExecuteAsync("INFO", "server") ?? "";
        var line = text.Split('\n').FirstOrDefault(l => l.StartsWith("redis_version:", StringComparison.Ordinal));
        return line?.Split(':')[1].Trim() ?? "?";
    }

    public async ValueTask DisposeAsync()
    {
        await Connection.DisposeAsync();
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
