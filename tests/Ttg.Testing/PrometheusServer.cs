using System.Diagnostics;
using System.Text.Json;

namespace Ttg.Testing;

/// <summary>
/// A real Prometheus (Debian's <c>prometheus</c> package, installed when missing) on a free loopback port, scraping
/// the given targets every second from a generated config, with its data in a temporary folder; stopped by its pid.
/// </summary>
public sealed class PrometheusServer : IDisposable
{
    private readonly ChildProcess _process;
    private readonly string _folder;
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };

    private PrometheusServer(ChildProcess process, string folder, int port)
    {
        _process = process;
        _folder = folder;
        Api = new Uri($"http://127.0.0.1:{port}/api/v1/");
    }

    /// <summary>The HTTP API's root.</summary>
    public Uri Api { get; }

    /// <summary>Starts Prometheus scraping <paramref name="targets"/> (host:port) at /metrics and waits until it is ready.</summary>
    public static async Task<PrometheusServer> StartAsync(params string[] targets)
    {
        DebianPackage.Ensure("promtool", "prometheus");
        var folder = Directory.CreateTempSubdirectory("ttg-prometheus-").FullName;
        var config = Path.Combine(folder, "prometheus.yml");
        var list = string.Join(", ", targets.Select(t => $"'{t}'"));
        await File.WriteAllTextAsync(config, $"global:\n  scrape_interval: 1s\n  scrape_timeout: 1s\nscrape_configs:\n  - job_name: ttg\n    static_configs:\n      - targets: [{list}]\n");
        var port = LoopbackPort.Free();
        var process = ChildProcess.Start("prometheus", [
            $"--config.file={config}", $"--storage.tsdb.path={Path.Combine(folder, "data")}",
            $"--web.listen-address=127.0.0.1:{port}", "--log.level=warn"]);
        var server = new PrometheusServer(process, folder, port);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            try
            {
                if ((await server._http.GetAsync(new Uri($"http://127.0.0.1:{port}/-/ready"))).IsSuccessStatusCode)
                {
                    return server;
                }
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline)
            {
            }

            if (DateTime.UtcNow > deadline)
            {
                server.Dispose();
                throw new TimeoutException("prometheus did not become ready within 60 s");
            }

            await Task.Delay(200);
        }
    }

    /// <summary>Runs an instant query; returns each result's labels and value.</summary>
    public async Task<IReadOnlyList<(JsonElement Metric, double Value)>> QueryAsync(string promql)
    {
        var body = await _http.GetStringAsync(new Uri(Api, $"query?query={Uri.EscapeDataString(promql)}"));
        using var doc = JsonDocument.Parse(body);
        return doc.RootElement.GetProperty("data").GetProperty("result").EnumerateArray()
            .Select(r => (r.GetProperty("metric").Clone(), double.Parse(r.GetProperty("value")[1].GetString()!, System.Globalization.CultureInfo.InvariantCulture)))
            .ToList();
    }

    /// <summary>Runs <c>promtool check metrics</c> over a scrape; returns its exit code and what it printed.</summary>
    public static async Task<(int ExitCode, string Output)> CheckMetricsAsync(string scrape)
    {
        DebianPackage.Ensure("promtool", "prometheus");
        var start = new ProcessStartInfo("promtool", "check metrics") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        using var promtool = Process.Start(start) ?? throw new InvalidOperationException("promtool did not start");
        // Both pipes drain while the scrape is fed in, so neither can fill and stall promtool; one that has not
        // finished within a minute is killed and fails the test with what it printed.
        var stdout = new CapturedOutput(promtool.StandardOutput);
        var stderr = new CapturedOutput(promtool.StandardError);
        var limit = TimeSpan.FromMinutes(1);
        var done = Task.WhenAll(FeedAsync(), promtool.WaitForExitAsync(), stdout.Completion, stderr.Completion);
        try
        {
            await done.WaitAsync(limit);
        }
        catch (TimeoutException)
        {
            promtool.Kill(entireProcessTree: true);
            throw new TimeoutException($"promtool check metrics did not finish within {limit}.\nstdout:\n{stdout.Text}\nstderr:\n{stderr.Text}");
        }

        return (promtool.ExitCode, stdout.Text + stderr.Text);

        async Task FeedAsync()
        {
            await promtool.StandardInput.WriteAsync(scrape);
            promtool.StandardInput.Close();
        }
    }

    public void Dispose()
    {
        _process.Kill();
        _process.Dispose();
        _http.Dispose();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
