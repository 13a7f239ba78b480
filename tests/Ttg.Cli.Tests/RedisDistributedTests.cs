using System.Diagnostics;
using System.Net;
using Ttg.Redis;
using Ttg.Testing;
using Ttg.WorkQueue;

namespace Ttg.Cli.Tests;

/// <summary>Standalone `ttg` processes sharing a real redis-server: the distributed engine end to end.</summary>
public sealed class RedisDistributedTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task MillionParameters_SurviveAKilledWorker_APausedZombie_AndALateWorker()
    {
        await using var redis = await RedisServerProcess.StartAsync();
        var jobId = await SubmitAsync(redis.Url, "spin", "--params", "1000000", "--work-ms", "0.01", "--chunk-size", "2000", "--lease", "2");
        var workers = Enumerable.Range(1, 3).Select(i => StartWorker(redis.Url, jobId, $"w{i}")).ToList();
        try
        {
            await WaitForAsync(redis.Url, jobId, p => p.Done >= 50_000);
            workers[0].Kill();
            await WaitForAsync(redis.Url, jobId, p => p.Done >= 150_000);
            workers[1].Signal(UnixSignal.Stop);
            var late = StartWorker(redis.Url, jobId, "w4");
            workers.Add(late);
            await Task.Delay(TimeSpan.FromSeconds(4)); // twice the lease: the paused worker's chunks are taken over
            workers[1].Signal(UnixSignal.Cont);

            foreach (var worker in workers.Skip(1))
            {
                var exit = await worker.WaitAsync(TimeSpan.FromMinutes(4));
                Assert.True(exit.ExitCode == 0, exit.ToString());
            }
        }
        finally
        {
            workers.ForEach(w => w.Dispose());
        }

        var progress = await ProgressAsync(redis.Url, jobId);
        Assert.Equal(JobState.Completed, progress.Job.State);
        Assert.True(progress.ReclaimedChunks > 0, "the killed and the paused workers' chunks should have been reclaimed");
        await AssertResultsAsync(redis.Url, jobId, 1_000_000, Serial.Spin);
    }

    [Fact]
    public async Task RedisDownLongerThanEveryWorkerTimeout_ThenBack_TheJobCompletesExactlyOnce_AndNoWorkerHoardsDuringTheOutage()
    {
        await using var redis = await RedisServerProcess.StartAsync(durable: true);
        var jobId = await SubmitAsync(redis.Url, "spin", "--params", "200000", "--work-ms", "0.02", "--chunk-size", "1000", "--lease", "2");
        var ports = new[] { LoopbackPort.Free(), LoopbackPort.Free() };
        var workers = ports.Select((port, i) => StartWorker(redis.Url, jobId, $"w{i + 1}", "--concurrency", "2", "--liveness", "2", "--health-port", $"{port}")).ToList();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        try
        {
            await WaitForAsync(redis.Url, jobId, p => p.Done >= 40_000);
            redis.Kill();

            // 12 s: past the lease (2 s), the liveness (2 s), the command timeout (10 s) and the outage guard's
            // longest back-off (5 s). The worker has no try budget: it waits, unready, holding only what it started.
            var outage = Stopwatch.StartNew();
            var reports = new List<string>();
            while (outage.Elapsed < TimeSpan.FromSeconds(12))
            {
                foreach (var port in ports)
                {
                    var answer = await http.GetAsync(new Uri($"http://127.0.0.1:{port}/readyz"));
                    var body = await answer.Content.ReadAsStringAsync();
                    if (outage.Elapsed > TimeSpan.FromSeconds(3))
                    {
                        Assert.True(answer.StatusCode == HttpStatusCode.ServiceUnavailable, $"worker on {port} ready during the outage: {body}");
                        reports.Add(body);
                    }
                }

                Assert.All(workers, w => Assert.False(w.HasExited, $"a worker gave up during the outage:\n{w.Stderr}"));
                await Task.Delay(500);
            }

            Assert.NotEmpty(reports);
            Assert.All(reports, body =>
            {
                Assert.Contains("the backend has been unreachable", body);
                // At most its 2 compute slots busy, results kept for the store, nothing leased ahead of them.
                Assert.Matches(@"holds [0-2] computing, \d+ computed waiting for the store, 0 queued", body);
            });
            await redis.LaunchAsync();

            foreach (var worker in workers)
            {
                var exit = await worker.WaitAsync(TimeSpan.FromMinutes(3));
                Assert.True(exit.ExitCode == 0, exit.ToString());
            }
        }
        finally
        {
            workers.ForEach(w => w.Dispose());
        }

        var progress = await ProgressAsync(redis.Url, jobId);
        Assert.Equal(JobState.Completed, progress.Job.State);
        Assert.Equal(0, progress.Failed);
        await AssertResultsAsync(redis.Url, jobId, 200_000, Serial.Spin);
    }

    [Fact]
    public async Task Run_WithRedis_StartsLocalWorkersAgainstIt()
    {
        await using var redis = await RedisServerProcess.StartAsync();
        var output = _folder.File("results.csv");

        var result = await TtgProcess.RunAsync(_folder.Path, "run", "square", "--params", "20000", "--workers", "2", "--kill-worker-at", "40%", "--redis", redis.Url, "--out", output);

        Assert.True(result.ExitCode == 0, result.ToString());
        ResultsFile.AssertExactlyOnce(ResultsFile.ReadCsv(output), 20000, i => (double)i * i);
    }

    private ChildProcess StartWorker(string url, string jobId, string id, params string[] extra) =>
        TtgProcess.Start(_folder.Path, null, ["worker", "--redis", url, "--job", jobId, "--exit-when-idle", "--worker-id", id, .. extra.Length == 0 ? ["--concurrency", "1"] : extra]);

    private async Task<string> SubmitAsync(string url, params string[] args)
    {
        var submit = await TtgProcess.RunAsync(_folder.Path, ["submit", .. args, "--redis", url]);
        Assert.True(submit.ExitCode == 0, submit.ToString());
        return submit.Stdout.Trim();
    }

    private static async Task<JobProgress> ProgressAsync(string url, string jobId)
    {
        await using var backend = await RedisBackend.ConnectAsync(new RedisBackendOptions { Url = url });
        return await backend.GetProgressAsync(jobId) ?? throw new InvalidOperationException($"no job {jobId}");
    }

    private static async Task WaitForAsync(string url, string jobId, Func<JobProgress, bool> condition)
    {
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (!condition(await ProgressAsync(url, jobId)))
        {
            Assert.True(DateTime.UtcNow < deadline, "the job made no progress in time");
            await Task.Delay(50);
        }
    }

    private async Task AssertResultsAsync(string url, string jobId, long count, Func<long, double> expected)
    {
        var path = _folder.File($"{jobId}.csv");
        var export = await TtgProcess.RunAsync(_folder.Path, "results", jobId, "--out", path, "--redis", url);
        Assert.True(export.ExitCode == 0, export.ToString());
        ResultsFile.AssertExactlyOnce(ResultsFile.ReadCsv(path), count, expected);
    }
}
