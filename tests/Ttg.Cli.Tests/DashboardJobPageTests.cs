using System.Net;
using System.Text.Json;
using Ttg.Testing;
using Ttg.WorkQueue;

namespace Ttg.Cli.Tests;

/// <summary>
/// A job's page and its JSON on a real dashboard over a real store while a real worker computes: the page and its
/// vendored chart library are served, the workers and the history are there, and the controls act on the store.
/// </summary>
public sealed class DashboardJobPageTests : IDisposable
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
    public async Task JobPage_ServesChartWorkersAndHistory_AndItsControlsPauseResumeAndCancelTheJob()
    {
        var submit = await TtgProcess.RunAsync(_folder.Path, "submit", "simulate", "--params", "100000", "--work-ms", "10", "--async-concurrency", "1", "--chunk-size", "10", "--job-id", "page", "--store", Store);
        Assert.True(submit.ExitCode == 0, submit.ToString());
        await using var dashboard = await DashboardProcess.StartAsync(_folder.Path, Store, _http);
        using var worker = TtgProcess.Start(_folder.Path, null, "worker", "--store", Store, "--job", "page", "--concurrency", "1");
        await StoreProbe.WaitForAsync(Store, "page", p => p.Done >= 50, TimeSpan.FromSeconds(60));
        var root = dashboard.Root;

        Assert.Contains("uPlot.iife.min.js", await _http.GetStringAsync(new Uri(root, "jobs/page")));
        Assert.StartsWith("/*! https://github.com/leeoniya/uPlot (v1.6.32) */", await _http.GetStringAsync(new Uri(root, "assets/uPlot.iife.min.js")));
        Assert.Contains("MIT License", await _http.GetStringAsync(new Uri(root, "assets/uPlot.LICENSE")));
        Assert.Equal(HttpStatusCode.NotFound, (await _http.GetAsync(new Uri(root, "assets/..%2Fttg.db"))).StatusCode);

        using var workers = await JsonAsync("api/jobs/page/workers", root);
        var session = Assert.Single(workers.RootElement.EnumerateArray());
        Assert.True(session.GetProperty("alive").GetBoolean());
        Assert.Equal(JsonValueKind.Null, session.GetProperty("fault").ValueKind);
        using (var history = await EventuallyAsync("api/jobs/page/history", root, h => Done(h)[^1] >= 50))
        {
            Assert.Equal(history.RootElement.GetProperty("at").GetArrayLength(), Done(history).Count);
            Assert.Equal(Done(history).Order(), Done(history)); // one point a read, in order
        }

        // Without the control header (what another site's form would send) nothing changes.
        Assert.Equal(HttpStatusCode.BadRequest, (await _http.PostAsync(new Uri(root, "api/jobs/page/pause"), null)).StatusCode);
        Assert.Equal(JobState.Running, (await StoreProbe.ProgressAsync(Store, "page")).Job.State);

        using (var paused = await ControlAsync(root, "pause", HttpStatusCode.OK))
        {
            Assert.Equal("paused", paused.RootElement.GetProperty("state").GetString());
            Assert.Equal("paused", paused.RootElement.GetProperty("etaMissing").GetString());
            Assert.Equal(JsonValueKind.Null, paused.RootElement.GetProperty("etaSeconds").ValueKind);
        }

        Assert.Equal(JobState.Paused, (await StoreProbe.ProgressAsync(Store, "page")).Job.State);
        (await ControlAsync(root, "pause", HttpStatusCode.Conflict)).Dispose();
        (await ControlAsync(root, "resume", HttpStatusCode.OK)).Dispose();
        Assert.Equal(JobState.Running, (await StoreProbe.ProgressAsync(Store, "page")).Job.State);
        using (var cancelled = await ControlAsync(root, "cancel", HttpStatusCode.OK))
        {
            Assert.Equal("cancelled", cancelled.RootElement.GetProperty("etaMissing").GetString());
        }

        Assert.Equal(JobState.Cancelled, (await StoreProbe.ProgressAsync(Store, "page")).Job.State);
        Assert.Equal(HttpStatusCode.NotFound, (await _http.SendAsync(Control(root, "nope", "pause"))).StatusCode);
        worker.Signal(UnixSignal.Term);
        await worker.WaitAsync(TimeSpan.FromSeconds(30));
    }

    private static List<long> Done(JsonDocument history) => [.. history.RootElement.GetProperty("done").EnumerateArray().Select(d => d.GetInt64())];

    private static HttpRequestMessage Control(Uri root, string job, string action) =>
        new(HttpMethod.Post, new Uri(root, $"api/jobs/{job}/{action}")) { Headers = { { "X-Ttg-Control", "1" } } };

    private async Task<JsonDocument> ControlAsync(Uri root, string action, HttpStatusCode expected)
    {
        var response = await _http.SendAsync(Control(root, "page", action));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{action}: {response.StatusCode} {body}");
        return JsonDocument.Parse(body);
    }

    private async Task<JsonDocument> JsonAsync(string path, Uri root) => JsonDocument.Parse(await _http.GetStringAsync(new Uri(root, path)));

    private async Task<JsonDocument> EventuallyAsync(string path, Uri root, Func<JsonDocument, bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            var document = await JsonAsync(path, root);
            if (condition(document))
            {
                return document;
            }

            document.Dispose();
            Assert.True(DateTime.UtcNow < deadline, $"{path} did not reach the expected state in 30 s");
            await Task.Delay(250);
        }
    }
}
