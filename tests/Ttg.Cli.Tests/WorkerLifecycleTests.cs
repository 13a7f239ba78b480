using Ttg.Testing;

namespace Ttg.Cli.Tests;

/// <summary>Standalone `ttg worker` processes: graceful SIGTERM, resume after every process was killed, static mode.</summary>
public sealed class WorkerLifecycleTests : IDisposable
{
    private readonly TempFolder _folder = new();

    private string Store => _folder.File("ttg.db");

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Sigterm_StopsLeasing_ReleasesChunksAtOnce_AndExitsZero()
    {
        var jobId = await SubmitAsync("simulate", "--params", "600", "--work-ms", "20", "--chunk-size", "10", "--lease", "60");
        using var worker = TtgProcess.Start(_folder.Path, null, "worker", "--store", Store, "--concurrency", "2", "--job", jobId);
        await StoreProbe.WaitForAsync(Store, jobId, p => p.Done >= 20 && p.LeasedChunks > 0, TimeSpan.FromSeconds(60));

        worker.Signal(UnixSignal.Term);
        var exit = await worker.WaitAsync(TimeSpan.FromSeconds(20));

        Assert.True(exit.ExitCode == 0, exit.ToString());
        var after = await StoreProbe.ProgressAsync(Store, jobId);
        Assert.Equal(0, after.LeasedChunks); // released, not left to expire (the lease is 60 s)
        Assert.True(after.Done < 600, "the worker should have stopped before the end");

        // The released chunks are taken by the next worker and every parameter ends with one result.
        var resumed = await TtgProcess.RunAsync(_folder.Path, "worker", "--store", Store, "--job", jobId, "--exit-when-idle", "--concurrency", "4");
        Assert.True(resumed.ExitCode == 0, resumed.ToString());
        await AssertResultsAsync(jobId, 600, Serial.Simulate);
    }

    [Fact]
    public async Task EveryWorkerKilled_ThenStartedAgain_ResumesAndFinishesExactlyOnce()
    {
        var jobId = await SubmitAsync("spin", "--params", "4000", "--work-ms", "1", "--chunk-size", "20", "--lease", "2");
        using (var first = TtgProcess.Start(_folder.Path, null, "worker", "--store", Store, "--concurrency", "1", "--job", jobId))
        using (var second = TtgProcess.Start(_folder.Path, null, "worker", "--store", Store, "--concurrency", "1", "--job", jobId))
        {
            await StoreProbe.WaitForAsync(Store, jobId, p => p.Done >= 800, TimeSpan.FromSeconds(60));
            first.Kill();
            second.Kill();
        }

        var stranded = await StoreProbe.ProgressAsync(Store, jobId);
        Assert.True(stranded.Done < 4000);

        var again = await TtgProcess.RunAsync(_folder.Path, "worker", "--store", Store, "--job", jobId, "--exit-when-idle", "--concurrency", "2");

        Assert.True(again.ExitCode == 0, again.ToString());
        var done = await StoreProbe.ProgressAsync(Store, jobId);
        Assert.True(done.ReclaimedChunks > 0, "the dead workers' leases should have been reclaimed");
        await AssertResultsAsync(jobId, 4000, Serial.Spin);
    }

    [Fact]
    public async Task SigkilledWorker_ItsChunksRunElsewhereAfterItsLiveness_LongBeforeItsLeasesExpire()
    {
        // Leases of two minutes: only the victim's lapsed session can free its chunks within the survivor's timeout.
        var jobId = await SubmitAsync("spin", "--params", "3000", "--work-ms", "1", "--chunk-size", "20", "--lease", "120");
        using var victim = TtgProcess.Start(_folder.Path, null, "worker", "--store", Store, "--concurrency", "1", "--job", jobId, "--worker-id", "victim", "--liveness", "1");
        await StoreProbe.WaitForAsync(Store, jobId, p => p.Done >= 200 && p.LeasedChunks > 0, TimeSpan.FromSeconds(60));
        victim.Kill();

        var survivor = await TtgProcess.RunAsync(_folder.Path, null, TimeSpan.FromSeconds(60), "worker", "--store", Store, "--job", jobId, "--exit-when-idle", "--concurrency", "2");

        Assert.True(survivor.ExitCode == 0, survivor.ToString());
        var done = await StoreProbe.ProgressAsync(Store, jobId);
        Assert.True(done.ReclaimedChunks > 0, "the victim's chunks should have been taken over");
        await AssertResultsAsync(jobId, 3000, Serial.Spin);
    }

    [Fact]
    public async Task LiveWorkers_KeepTheirChunks_WhileComputingFarLongerThanTheirLiveness()
    {
        // Chunks of 2 s against a liveness of 0.5 s: only the heartbeats keep the other worker from taking them.
        var jobId = await SubmitAsync("spin", "--params", "12", "--work-ms", "500", "--chunk-size", "4", "--lease", "120");
        var workers = Enumerable.Range(0, 2)
            .Select(_ => TtgProcess.RunAsync(_folder.Path, null, TimeSpan.FromSeconds(60), "worker", "--store", Store, "--job", jobId, "--exit-when-idle", "--concurrency", "1", "--liveness", "0.5"))
            .ToList();

        foreach (var exit in await Task.WhenAll(workers))
        {
            Assert.True(exit.ExitCode == 0, exit.ToString());
        }

        var done = await StoreProbe.ProgressAsync(Store, jobId);
        Assert.Equal(0, done.ReclaimedChunks);
        await AssertResultsAsync(jobId, 12, Serial.Spin);
    }

    [Fact]
    public async Task StaticMode_EachSliceComputesItsBlock_AndTogetherTheyCoverTheSpace()
    {
        var env = new Dictionary<string, string> { ["TOTAL_WORKERS"] = "3", ["TOTAL_PARAMETERS"] = "1000" };
        var slices = Enumerable.Range(0, 3)
            .Select(i => TtgProcess.Start(_folder.Path, new Dictionary<string, string>(env) { ["WORKER_ID"] = i.ToString() }, "worker", "--static", "square", "--store", Store, "--job", "sweep"))
            .ToList();
        foreach (var slice in slices)
        {
            var exit = await slice.WaitAsync(TimeSpan.FromMinutes(2));
            Assert.True(exit.ExitCode == 0, exit.ToString());
            slice.Dispose();
        }

        var rows = new List<Dictionary<string, string>>();
        for (var i = 0; i < 3; i++)
        {
            var path = _folder.File($"slice{i}.csv");
            var export = await TtgProcess.RunAsync(_folder.Path, "results", $"sweep-slice-{i}-of-3", "--out", path, "--store", Store);
            Assert.True(export.ExitCode == 0, export.ToString());
            rows.AddRange(ResultsFile.ReadCsv(path));
        }

        ResultsFile.AssertExactlyOnce(rows, 1000, i => (double)i * i);

        // The run's name reads every slice as one job, in index order.
        var merged = _folder.File("sweep.csv");
        var whole = await TtgProcess.RunAsync(_folder.Path, "results", "sweep", "--out", merged, "--store", Store);
        Assert.True(whole.ExitCode == 0, whole.ToString());
        var mergedRows = ResultsFile.ReadCsv(merged);
        ResultsFile.AssertExactlyOnce(mergedRows, 1000, i => (double)i * i);
        Assert.Equal(Enumerable.Range(0, 1000).Select(i => i.ToString()), mergedRows.Select(r => r["index"]));
    }

    [Fact]
    public async Task StaticRun_WithASliceNeverStarted_ExportsTheRest_AndSaysWhichIsMissing()
    {
        foreach (var index in new[] { "0", "2" })
        {
            var slice = await TtgProcess.RunAsync(_folder.Path, "worker", "--static", "--index", index, "--count", "3", "square", "--params", "300", "--store", Store, "--job", "partial");
            Assert.True(slice.ExitCode == 0, slice.ToString());
        }

        var export = await TtgProcess.RunAsync(_folder.Path, "results", "partial", "--out", _folder.File("partial.csv"), "--store", Store);

        var status = await TtgProcess.RunAsync(_folder.Path, "status", "partial", "--store", Store);
        Assert.True(status.ExitCode == 0, status.ToString());
        Assert.Contains("partial: static run of 3 slices; slices 1 not started yet", status.Stdout);
        Assert.Contains("partial-slice-0-of-3 [completed]", status.Stdout);
        Assert.Contains("partial-slice-2-of-3 [completed]", status.Stdout);

        Assert.Equal(5, export.ExitCode); // incomplete: slice 1 has no results
        Assert.Contains("slices 1 of 3", export.Stderr);
        var rows = ResultsFile.ReadCsv(_folder.File("partial.csv"));
        Assert.Equal(Enumerable.Range(0, 100).Concat(Enumerable.Range(200, 100)).Select(i => i.ToString()), rows.Select(r => r["index"]));
    }

    private async Task<string> SubmitAsync(params string[] args)
    {
        var submit = await TtgProcess.RunAsync(_folder.Path, ["submit", .. args, "--store", Store]);
        Assert.True(submit.ExitCode == 0, submit.ToString());
        return submit.Stdout.Trim();
    }

    private async Task AssertResultsAsync(string jobId, long count, Func<long, double> expected)
    {
        var path = _folder.File($"{jobId}.csv");
        var export = await TtgProcess.RunAsync(_folder.Path, "results", jobId, "--out", path, "--store", Store);
        Assert.True(export.ExitCode == 0, export.ToString());
        ResultsFile.AssertExactlyOnce(ResultsFile.ReadCsv(path), count, expected);
    }
}
