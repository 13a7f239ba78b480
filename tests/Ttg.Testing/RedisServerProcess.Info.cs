using System.Globalization;
using StackExchange.Redis;

namespace Ttg.Testing;

/// <summary>Reading the server's own figures (INFO), which the benchmarks report.</summary>
public sealed partial class RedisServerProcess
{
    private ConnectionMultiplexer? _connection;

    /// <summary>
    /// A database on an admin connection to this server (INFO needs admin), opened on first use and closed on
    /// dispose; it reconnects by itself after a restart.
    /// </summary>
    public async Task<IDatabase> DatabaseAsync()
    {
        _connection ??= await ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{Port},allowAdmin=true,connectTimeout=500");
        return _connection.GetDatabase();
    }

    /// <summary>A numeric field of an INFO section, e.g. <c>("memory", "used_memory_peak")</c>; fractions are truncated.</summary>
    public async Task<long> InfoAsync(string section, string field) =>
        (long)ParseNumber(await InfoFieldAsync(section, field) ?? throw new InvalidOperationException($"INFO {section} has no {field}"));

    /// <summary>CPU time the server has used, user plus system (INFO cpu), in seconds.</summary>
    public async Task<double> CpuSecondsAsync()
    {
        var text = await InfoTextAsync("cpu");
        return ParseNumber(Field(text, "used_cpu_user") ?? "0") + ParseNumber(Field(text, "used_cpu_sys") ?? "0");
    }

    /// <summary>The server's version (INFO server's redis_version), or "?" when it does not say.</summary>
    public async Task<string> VersionAsync() => await InfoFieldAsync("server", "redis_version") ?? "?";

    private async Task<string?> InfoFieldAsync(string section, string field) => Field(await InfoTextAsync(section), field);

    private async Task<string> InfoTextAsync(string section) =>
        (string?)await (await DatabaseAsync()).ExecuteAsync("INFO", section) ?? "";

    // INFO is "name:value" lines ending in \r\n, with "# Section" headers.
    private static string? Field(string info, string field) =>
        info.Split('\n')
            .Where(line => line.StartsWith(field + ":", StringComparison.Ordinal))
            .Select(line => line[(field.Length + 1)..].Trim())
            .FirstOrDefault();

    private static double ParseNumber(string text) => double.Parse(text, CultureInfo.InvariantCulture);

    private async Task CloseConnectionAsync()
    {
        if (_connection is not null)
        {
            await _connection.DisposeAsync();
            _connection = null;
        }
    }
}
