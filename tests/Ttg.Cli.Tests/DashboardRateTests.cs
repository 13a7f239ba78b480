using System.Globalization;
using System.Text.Json;
using Ttg.Testing;
using Xunit.Abstractions;

namespace Ttg.Cli.Tests;

/// <summary>
/// The dashboard's rate is the shared estimate (the store's pace log through the ETA model), not a difference of
/// polls: for a worker computing at a steady, known rate, the JSON and the job exporter both stay close to it; and
/// the exporter tells a killed worker (lapsed session) from a live one.
/// </summary>
public sealed class DashboardRateTests(ITestOutputHelper output) : IDisposable
{
    // Long parameters (chunks of a second) keep timer delays and round trips small beside the work, so the rate stays
    // steady even on a busy machine.
    private const int Slots = 8;
    private const int WorkMs = 100;
    private const int ChunkSize = 10;
    private const double Nominal = Slots * 1000.0 / WorkMs; // 80 parameters/s: each slot waits 100 ms a parameter, one at a time

    private readonly TempFolder _folder = new();
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };

    private string Store => _folder.File("ttg.db");

    public void Dispose()
    {
        _http.Dispose();
        _folder.Dispose();
    }

    [Fact]
    public async Task SteadyJob_RateOfJsonAndMetrics_StaysWithinTenPercentOfTheTrueRate_OverTenReads_AndAKilledWorkerLapses()
    {
        var submit = await TtgProcess.RunAsync(_folder.Path, "submit", "simulate", "--params", "1000000", "--work-ms", WorkMs.ToString(CultureInfo.InvariantCulture), "--chunk-size", ChunkSize.ToString(CultureInfo.InvariantCulture), "--async-concurrency", "1", "--deadline", "100h", "--store", Store);
        Assert.True(submit.ExitCode == 0, submit.ToString());
        var jobId = submit.Stdout.Trim().Split('\n')[0].Trim();
        await using var dashboard = await DashboardProcess.StartAsync(_folder.Path, Store, _http);
        using var worker = TtgProcess.Start(_folder.Path, null, "worker", "--store", Store, "--job", jobId, "--concurrency", Slots.ToString(CultureInfo.InvariantCulture));

        // Past the start (about 11 s): the pace fit then spans enough one-second lumps to have settled; before, it is
        // still climbing from the first lumps.
        await StoreProbe.WaitForAsync(Store, jobId, p => p.Done >= 1200, TimeSpan.FromSeconds(90));
        // The claim holds for a steady job. A window in which the host itself slowed the worker (a CI run measured
        // 39.8/s against its 80/s, the estimate still falling from 66 to 40 as it should) says nothing about the
        // estimate, so such a window is measured again, up to three in all; a wrong estimate fails every one.
        Window window = default!;
        for (var attempt = 1; attempt <= 3; attempt++)
        {
            window = await MeasureWindowAsync(dashboard.Root, jobId);
            output.WriteLine($"window {attempt}: {window}");
            if (window.IsSteady && window.Agrees)
            {
                break;
            }
        }

        // The worker computes at about its known rate; the window runs from one lump's landing to another's, so it
        // counts only what was computed in it.
        Assert.True(window.IsSteady, $"the worker never computed at its steady {Nominal}/s in three windows; last: {window}");
        Assert.True(window.Agrees, $"/api/jobs and /metrics were not within 10% of the true rate; last window: {window}");

        var live = await ScrapeAsync(dashboard.Root);
        Assert.Equal(1, live.Value("ttg_job_worker_sessions", $"job_id=\"{jobId}\",state=\"live\""));
        Assert.Equal(0, live.Value("ttg_job_worker_sessions", $"job_id=\"{jobId}\",state=\"lapsed\""));
        // 1,000,000 parameters in 100 h need one worker at any pace above 2.8/s.
        Assert.Equal(1, live.Value("ttg_job_workers_needed", $"job_id=\"{jobId}\""));

        // A worker killed outright lapses: its session is counted lapsed, and the job has no rate or ETA without it.
        worker.Signal(UnixSignal.Kill);
        await worker.WaitAsync(TimeSpan.FromSeconds(30));
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        PrometheusText lapsed;
        while ((lapsed = await ScrapeAsync(dashboard.Root)).Value("ttg_job_worker_sessions", $"job_id=\"{jobId}\",state=\"lapsed\"") != 1)
        {
            Assert.True(DateTime.UtcNow < deadline, "the killed worker's session was not counted lapsed within 30 s");
            await Task.Delay(250);
        }

        Assert.Equal(0, lapsed.Value("ttg_job_worker_sessions", $"job_id=\"{jobId}\",state=\"live\""));
        Assert.DoesNotContain(lapsed.Samples, x => x.Name == "ttg_job_parameters_rate_per_second");
        Assert.Equal("no live workers", await JsonFieldAsync(dashboard.Root, jobId, "etaMissing"));
    }

    /// <summary>Ten reads of /api/jobs and /metrics a second apart, and the true rate from one settled lump of completions to another around them.</summary>
    private async Task<Window> MeasureWindowAsync(Uri root, string jobId)
    {
        var (startedAt, startDone) = await NextLumpAsync(jobId);
        var reads = new List<(double Json, double Metric)>();
        for (var i = 0; i < 10; i++)
        {
            await Task.Delay(1000);
            reads.Add((await JsonRateAsync(root, jobId), await MetricRateAsync(root, jobId)));
        }

        var (endedAt, endDone) = await NextLumpAsync(jobId);
        return new Window((endDone - startDone) / (endedAt - startedAt).TotalSeconds, reads);
    }

    /// <summary>One measurement: the true rate and what the dashboard said meanwhile.</summary>
    private sealed record Window(double TrueRate, IReadOnlyList<(double Json, double Metric)> Reads)
    {
        /// <summary>The worker computed at about its known rate (half of it at the least: timers are late on a busy host).</summary>
        public bool IsSteady => TrueRate >= Nominal / 2 && TrueRate <= Nominal * 1.02;

        /// <summary>Every read of both endpoints is within 10% of the true rate.</summary>
        public bool Agrees => Reads.All(r => Math.Abs(r.Json - TrueRate) <= 0.1 * TrueRate && Math.Abs(r.Metric - TrueRate) <= 0.1 * TrueRate);

        public override string ToString() =>
            $"true rate {TrueRate:F1}/s; reads (json, metric): {string.Join(", ", Reads.Select(r => $"({r.Json:F1}, {r.Metric:F1})"))}";
    }

    /// <summary>
    /// When the next lump of completions has landed, and the done count after it. Done counts move in lumps (the
    /// eight slots' chunks of ten complete about together, a second apart, in one or a few store writes), so a window
    /// read at arbitrary moments counts up to one lump more or less than was computed in it: two CI runs measured
    /// 82.2/s and 83.4/s against a worker computing 80/s. A window from one settled lump to another does not.
    /// </summary>
    private async Task<(DateTime At, long Done)> NextLumpAsync(string jobId)
    {
        var quiet = TimeSpan.FromMilliseconds(300); // far less than the second between lumps, far more than one lump's spread
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        var before = (await StoreProbe.ProgressAsync(Store, jobId)).Done;
        (DateTime At, long Done)? landed = null;
        while (true)
        {
            var done = (await StoreProbe.ProgressAsync(Store, jobId)).Done;
            var now = DateTime.UtcNow;
            if (done != (landed?.Done ?? before))
            {
                landed = (now, done);
            }
            else if (landed is { } lump && now - lump.At >= quiet)
            {
                return lump;
            }

            Assert.True(now < deadline, "no lump of completions landed and settled within 30 s");
            await Task.Delay(10);
        }
    }

    private async Task<PrometheusText> ScrapeAsync(Uri root) => PrometheusText.Parse(await _http.GetStringAsync(new Uri(root, "metrics")));

    private async Task<double> JsonRateAsync(Uri root, string jobId)
    {
        var rate = await JsonFieldAsync(root, jobId, "rate");
        return rate is null ? double.NaN : double.Parse(rate, CultureInfo.InvariantCulture);
    }

    private async Task<string?> JsonFieldAsync(Uri root, string jobId, string field)
    {
        using var jobs = JsonDocument.Parse(await _http.GetStringAsync(new Uri(root, "api/jobs")));
        var value = jobs.RootElement.GetProperty("jobs").EnumerateArray().Single(j => j.GetProperty("id").GetString() == jobId).GetProperty(field);
        return value.ValueKind switch
        {
            JsonValueKind.Null => null,
            JsonValueKind.Number => value.GetRawText(),
            _ => value.GetString(),
        };
    }

    private async Task<double> MetricRateAsync(Uri root, string jobId)
    {
        var scrape = await ScrapeAsync(root);
        var sample = scrape.Samples.SingleOrDefault(s => s.Name == "ttg_job_parameters_rate_per_second" && s.Labels.Contains($"job_id=\"{jobId}\"", StringComparison.Ordinal));
        return sample.Name is null ? double.NaN : sample.Value;
    }
}
