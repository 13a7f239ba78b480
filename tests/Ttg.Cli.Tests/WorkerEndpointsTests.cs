using System.Net;
using System.Net.Sockets;
using Ttg.Testing;

namespace Ttg.Cli.Tests;

/// <summary>
/// A real <c>ttg worker</c> process serves health and Prometheus metrics on one Kestrel server: each metric
/// family once, named by Prometheus' conventions, the counters equal to what the store recorded.
/// </summary>
public sealed class WorkerEndpointsTests : IDisposable
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
    public async Task Worker_ServesHealthAndMetrics_EachFamilyOnce_CountersMatchingTheStore()
    {
        var submit = await TtgProcess.RunAsync(_folder.Path, "submit", "simulate", "--params", "300", "--work-ms", "1", "--chunk-size", "10", "--fail-on", "17", "--max-attempts", "1", "--store", Store);
        Assert.True(submit.ExitCode == 0, submit.ToString());
        var jobId = submit.Stdout.Trim().Split('\n')[0].Trim();
        var (health, metrics) = (LoopbackPort.Free(), LoopbackPort.Free());
        using var worker = TtgProcess.Start(_folder.Path, null, "worker", "--store", Store, "--job", jobId, "--health-port", health.ToString(), "--metrics-port", metrics.ToString());
        var done = await StoreProbe.WaitForAsync(Store, jobId, p => p.Done == 300 && p.LeasedChunks == 0, TimeSpan.FromSeconds(60));

        Assert.Equal("ok\n", await _http.GetStringAsync($"http://127.0.0.1:{health}/healthz"));
        Assert.Equal("ready\n", await _http.GetStringAsync($"http://127.0.0.1:{health}/readyz"));
        Assert.Equal(HttpStatusCode.NotFound, (await _http.GetAsync($"http://127.0.0.1:{health}/nothing")).StatusCode);
        var scrape = PrometheusText.Parse(await _http.GetStringAsync($"http://127.0.0.1:{metrics}/metrics"));

        Assert.Equal(scrape.Families.Count, scrape.Families.Select(f => f.Name).Distinct().Count());
        var ours = scrape.Families.Where(f => f.Name.StartsWith("ttg_worker_", StringComparison.Ordinal)).ToList();
        Assert.All(ours.Where(f => f.Type == "counter"), f => Assert.EndsWith("_total", f.Name));
        Assert.Equal(done.Succeeded, scrape.Value("ttg_worker_parameters_succeeded_total"));
        Assert.Equal(done.Failed, scrape.Value("ttg_worker_parameters_failed_total"));
        Assert.Equal(done.CompletedChunks, scrape.Value("ttg_worker_chunks_completed_total"));
        Assert.Equal(0, scrape.Value("ttg_worker_chunks_in_flight"));
        // Counters with no event yet are there at 0, so rate() sees their first increase.
        Assert.Equal(0, scrape.Value("ttg_worker_chunks_released_total"));
        Assert.Contains(("ttg_worker_chunk_splits_total", "counter"), ours);

        // Histograms come as _bucket (ending at +Inf), _sum and _count, and the +Inf bucket counts every observation.
        var histograms = ours.Where(f => f.Type == "histogram").Select(f => f.Name).ToList();
        Assert.Contains("ttg_worker_chunk_compute_duration_seconds", histograms);
        Assert.Contains("ttg_worker_lease_duration_seconds", histograms);
        foreach (var histogram in histograms)
        {
            var infinity = Assert.Single(scrape.Samples, x => x.Name == histogram + "_bucket" && x.Labels.Contains("le=\"+Inf\"", StringComparison.Ordinal));
            Assert.Single(scrape.Samples, x => x.Name == histogram + "_sum");
            Assert.Equal(infinity.Value, Assert.Single(scrape.Samples, x => x.Name == histogram + "_count").Value);
        }

        Assert.True(scrape.Value("ttg_worker_chunk_compute_duration_seconds_count") > 0); // a failed chunk is split, not timed

        worker.Signal(UnixSignal.Term);
        Assert.Equal(0, (await worker.WaitAsync(TimeSpan.FromSeconds(30))).ExitCode);
    }

    [Fact]
    public async Task MetricsPortInUse_IsOneClearLine_ExitTwo()
    {
        using var taken = new TcpListener(IPAddress.Any, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;

        var result = await TtgProcess.RunAsync(_folder.Path, "worker", "--store", Store, "--metrics-port", port.ToString(), "--exit-when-idle");

        Assert.Equal(ExitCodes.BadInput, result.ExitCode);
        Assert.Contains($"port {port}", result.Stderr);
        Assert.Contains("--metrics-port", result.Stderr);
        Assert.DoesNotContain("Exception", result.Stderr);
    }
}
