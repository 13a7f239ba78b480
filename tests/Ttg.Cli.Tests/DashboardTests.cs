using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Ttg.Sqlite;
using Ttg.Testing;
using Ttg.WorkQueue;

namespace Ttg.Cli.Tests;

/// <summary><c>ttg dashboard</c> as a real process over a real store: the live JSON, the page, a report and a CSV download.</summary>
public sealed class DashboardTests : IDisposable
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
    public async Task Dashboard_ShowsEveryJob_WithItsProgress_Report_AndResults()
    {
        var run = await TtgProcess.RunAsync(_folder.Path, "run", "square", "--params", "500", "--arg", "fail-on=7", "--workers", "2", "--store", Store);
        Assert.True(run.ExitCode == ExitCodes.ParametersFailed, run.ToString());
        await using var dashboard = await DashboardProcess.StartAsync(_folder.Path, Store, _http);
        var root = dashboard.Root;

        using var jobs = JsonDocument.Parse(await _http.GetStringAsync(new Uri(root, "api/jobs")));
        var job = Assert.Single(jobs.RootElement.GetProperty("jobs").EnumerateArray());
        var id = job.GetProperty("id").GetString()!;
        Assert.Equal("completed", job.GetProperty("state").GetString());
        Assert.Equal(500, job.GetProperty("done").GetInt64());
        Assert.Equal(1, job.GetProperty("failed").GetInt64());
        Assert.Equal(500, job.GetProperty("parametersByWorker").EnumerateObject().Sum(w => w.Value.GetInt64()));

        Assert.Equal("ok", await _http.GetStringAsync(new Uri(root, "healthz")));
        var page = await _http.GetStringAsync(root);
        Assert.Contains("<title>TTG dashboard</title>", page);
        Assert.Contains(Store, page);

        var report = await _http.GetAsync(new Uri(root, $"jobs/{id}/report"));
        Assert.Equal(HttpStatusCode.OK, report.StatusCode);
        Assert.Contains(id, await report.Content.ReadAsStringAsync());
        Assert.Contains("<th>ranked field</th><td>result</td>", await _http.GetStringAsync(new Uri(root, $"jobs/{id}/report?metric=result")));
        var badMetric = await _http.GetAsync(new Uri(root, $"jobs/{id}/report?metric=nope"));
        Assert.Equal(HttpStatusCode.BadRequest, badMetric.StatusCode);
        Assert.Contains("'nope'", (await badMetric.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString());

        var csv = (await _http.GetStringAsync(new Uri(root, $"jobs/{id}/results.csv"))).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(501, csv.Length);
        Assert.Equal("index,result,error", csv[0]);
        Assert.Equal("3,9,", csv[4]);
        Assert.StartsWith("7,,InvalidOperationException: ", csv[8]);

        var missing = await _http.GetAsync(new Uri(root, "api/jobs/no-such-job"));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Contains("no-such-job", (await missing.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString());

        Assert.Equal(HttpStatusCode.NotFound, (await _http.GetAsync(new Uri(root, "api/jobs/no-such-job/history"))).StatusCode);

        // A job submitted while the dashboard runs, read before the sampler has seen it: an empty history, not a 404.
        var submit = await TtgProcess.RunAsync(_folder.Path, "submit", "square", "--params", "10", "--job-id", "fresh", "--store", Store);
        Assert.True(submit.ExitCode == 0, submit.ToString());
        var fresh = await _http.GetAsync(new Uri(root, "api/jobs/fresh/history"));
        Assert.Equal(HttpStatusCode.OK, fresh.StatusCode);
        Assert.Equal(JsonValueKind.Array, (await fresh.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("done").ValueKind);
    }

    [Fact]
    public async Task MetricsOnly_ServesEveryJobsState_AsPrometheusText_AndNoPages()
    {
        var run = await TtgProcess.RunAsync(_folder.Path, "run", "square", "--params", "200", "--arg", "fail-on=7", "--workers", "1", "--store", Store);
        Assert.True(run.ExitCode == ExitCodes.ParametersFailed, run.ToString());
        var gone = await TtgProcess.RunAsync(_folder.Path, "submit", "square", "--params", "50", "--job-id", "to-delete", "--store", Store);
        Assert.True(gone.ExitCode == 0, gone.ToString());
        await using (var store = await SqliteBackend.OpenAsync(new SqliteBackendOptions { Path = Store }))
        {
            await store.ReportWorkerAsync(new WorkerNote("w-bad", ["to-delete"]) { Host = "node-7", Fault = "setup failed: FileNotFoundException: /data/model.bin" });
        }

        await using var dashboard = await DashboardProcess.StartAsync(_folder.Path, Store, _http, "--metrics-only");
        var root = dashboard.Root;

        var scrape = await ScrapeUntilAsync(root, s => s.Samples.Any(x => x.Labels.Contains("job_id=\"to-delete\"", StringComparison.Ordinal)));
        var done = Assert.Single(scrape.Samples, s => s.Name == "ttg_job_parameters" && s.Labels.EndsWith("state=\"succeeded\"", StringComparison.Ordinal) && !s.Labels.Contains("to-delete", StringComparison.Ordinal));
        Assert.Equal(199, done.Value);
        var ranJob = done.Labels.Split(',').Single(l => l.StartsWith("job_id=", StringComparison.Ordinal));
        Assert.Equal(1, scrape.Value("ttg_job_parameters", $"{ranJob},state=\"failed\""));
        Assert.Equal(50, scrape.Value("ttg_job_parameters", "job_id=\"to-delete\",state=\"open\""));
        Assert.Equal(1, scrape.Value("ttg_job_state", "job_id=\"to-delete\",state=\"running\""));
        Assert.Equal(1, scrape.Value("ttg_job_worker_faults", "job_id=\"to-delete\""));
        Assert.Equal(0, scrape.Value("ttg_job_worker_faults", ranJob));
        Assert.Equal(scrape.Families.Count, scrape.Families.Select(f => f.Name).Distinct().Count());
        Assert.Equal(HttpStatusCode.NotFound, (await _http.GetAsync(root)).StatusCode);

        // A deleted job's series go with it: labels stay bounded by the jobs in the store.
        Assert.Equal(0, (await TtgProcess.RunAsync(_folder.Path, "delete", "to-delete", "--store", Store)).ExitCode);
        await ScrapeUntilAsync(root, s => !s.Samples.Any(x => x.Labels.Contains("to-delete", StringComparison.Ordinal)));
    }

    private async Task<PrometheusText> ScrapeUntilAsync(Uri root, Func<PrometheusText, bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            var scrape = PrometheusText.Parse(await _http.GetStringAsync(new Uri(root, "metrics")));
            if (condition(scrape))
            {
                return scrape;
            }

            Assert.True(DateTime.UtcNow < deadline, "the metrics did not reach the expected state in 30 s");
            await Task.Delay(200);
        }
    }

    [Theory]
    [InlineData("--port", "70000")]
    [InlineData("--host", "not-an-address")]
    public async Task BadAddress_IsRejected_BeforeTheStoreIsOpened(string flag, string value)
    {
        var result = await InProcessTtg.RunAsync("dashboard", flag, value, "--store", Store);

        Assert.Equal(ExitCodes.BadInput, result.ExitCode);
        Assert.Contains(flag, result.Stderr);
        Assert.False(File.Exists(Store));
    }
}
