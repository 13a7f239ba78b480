using System.Text.Json;
using System.Text.RegularExpressions;
using Ttg.Testing;

namespace Ttg.Cli.Tests;

/// <summary>
/// A real Prometheus scrapes a real worker and the dashboard's job exporter while a job runs: its API agrees with
/// the store, promtool finds both endpoints clean, and every metric the Grafana dashboard queries has data (the
/// deadline is there so that the job exports the workers it needs).
/// </summary>
public sealed partial class PrometheusScrapeTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };

    private string Store => _folder.File("ttg.db");

    public void Dispose()
    {
        _http.Dispose();
        _folder.Dispose();
    }

    [Fact]
    public async Task Prometheus_ScrapesWorkerAndJobExporter_DoneCountEqualsTheStore_GrafanaQueriesHaveData()
    {
        var submit = await TtgProcess.RunAsync(_folder.Path, "submit", "simulate", "--params", "600", "--work-ms", "10", "--async-concurrency", "1", "--chunk-size", "10", "--fail-on", "42", "--max-attempts", "2", "--deadline", "100h", "--store", Store);
        Assert.True(submit.ExitCode == 0, submit.ToString());
        var jobId = submit.Stdout.Trim().Split('\n')[0].Trim();
        var (workerPort, dashboardPort) = (LoopbackPort.Free(), LoopbackPort.Free());
        using var dashboard = TtgProcess.Start(_folder.Path, null, "dashboard", "--store", Store, "--port", dashboardPort.ToString(), "--metrics-only");
        using var prometheus = await PrometheusServer.StartAsync($"127.0.0.1:{workerPort}", $"127.0.0.1:{dashboardPort}");
        using var worker = TtgProcess.Start(_folder.Path, null, "worker", "--store", Store, "--job", jobId, "--concurrency", "1", "--metrics-port", workerPort.ToString());

        var done = await StoreProbe.WaitForAsync(Store, jobId, p => p.Done == 600 && p.LeasedChunks == 0, TimeSpan.FromSeconds(120));
        var fromPrometheus = await EventuallyAsync(prometheus, $"sum(ttg_job_parameters{{job_id=\"{jobId}\",state=~\"succeeded|failed\"}})", v => v == done.Done);
        Assert.Equal(done.Done, fromPrometheus);
        Assert.Equal(done.Succeeded, await EventuallyAsync(prometheus, "sum(ttg_worker_parameters_succeeded_total)", v => v == done.Succeeded));

        foreach (var port in new[] { workerPort, dashboardPort })
        {
            var scrape = await _http.GetStringAsync($"http://127.0.0.1:{port}/metrics");
            var (exit, output) = await PrometheusServer.CheckMetricsAsync(scrape);
            Assert.True(exit == 0 && output.Trim().Length == 0, $"promtool check metrics on port {port}: {output}");
            var families = PrometheusText.Parse(scrape).Families.Select(f => f.Name).ToList();
            Assert.Equal(families.Count, families.Distinct().Count());
        }

        foreach (var name in GrafanaMetricNames())
        {
            // Over the run, not now: rate and ETA are absent once the job is finished.
            Assert.True((await prometheus.QueryAsync($"count(last_over_time({{__name__=\"{name}\"}}[10m]))")).Count > 0, $"the Grafana dashboard queries {name}, which Prometheus has no data for");
        }

        worker.Signal(UnixSignal.Term);
        dashboard.Signal(UnixSignal.Term);
        Assert.Equal(0, (await worker.WaitAsync(TimeSpan.FromSeconds(30))).ExitCode);
        Assert.Equal(0, (await dashboard.WaitAsync(TimeSpan.FromSeconds(30))).ExitCode);
    }

    private static async Task<double> EventuallyAsync(PrometheusServer prometheus, string promql, Func<double, bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        var last = double.NaN;
        while (DateTime.UtcNow < deadline)
        {
            var result = await prometheus.QueryAsync(promql);
            if (result.Count == 1 && condition(last = result[0].Value))
            {
                return last;
            }

            await Task.Delay(500);
        }

        return last;
    }

    private static HashSet<string> GrafanaMetricNames()
    {
        var path = Path.Combine(RepoRoot(), "deploy", "grafana", "ttg-dashboard.json");
        using var dashboard = JsonDocument.Parse(File.ReadAllText(path));
        var names = dashboard.RootElement.GetProperty("panels").EnumerateArray()
            .SelectMany(p => p.TryGetProperty("targets", out var t) ? t.EnumerateArray() : Enumerable.Empty<JsonElement>())
            .SelectMany(t => MetricName().Matches(t.GetProperty("expr").GetString()!).Select(m => m.Value))
            .ToHashSet();
        Assert.NotEmpty(names);
        return names;
    }

    private static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Ttg.slnx")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("the repository root (Ttg.slnx) is not above the test's folder");
    }

    [GeneratedRegex(@"ttg_[a-z_]+")]
    private static partial Regex MetricName();
}
