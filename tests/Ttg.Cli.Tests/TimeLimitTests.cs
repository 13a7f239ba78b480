using Ttg.Testing;

namespace Ttg.Cli.Tests;

/// <summary>
/// Jobs with a per-parameter time limit (--timeout), run as real processes: a parameter that stops when cancelled
/// is failed and isolated; one that ignores the cancellation takes its worker down and is isolated elsewhere.
/// </summary>
public sealed class TimeLimitTests : IDisposable
{
    private readonly TempFolder _folder = new();

    private string Store => _folder.File("ttg.db");

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task AParameterThatWaitsPastTheLimit_IsCancelled_AndIsolated_WhileTheRestComplete()
    {
        var results = _folder.File("results.csv");

        var run = await TtgProcess.RunAsync(_folder.Path, null, TimeSpan.FromMinutes(2),
            "run", "simulate", "--params", "200", "--work-ms", "1", "--arg", "hang-on=17", "--timeout", "0.3", "--workers", "2", "--store", Store, "--out", results);

        Assert.True(run.ExitCode == ExitCodes.ParametersFailed, run.ToString());
        var rows = ResultsFile.ReadCsv(results);
        ResultsFile.AssertExactlyOnce(rows, 200, Serial.Simulate, new HashSet<long> { 17 });
        Assert.Contains("timed out: parameter 17 ran past its time limit of 0.3 s", rows[17]["error"]);
    }

    [Fact]
    public async Task ARunawayParameter_TakesItsWorkerDown_IsIsolated_AndTtgRunReplacesTheWorker()
    {
        var results = _folder.File("results.csv");

        var run = await TtgProcess.RunAsync(_folder.Path, null, TimeSpan.FromMinutes(3),
            "run", "simulate", "--params", "60", "--work-ms", "1", "--chunk-size", "20", "--arg", "stuck-on=17", "--timeout", "0.2", "--workers", "2", "--store", Store, "--out", results);

        Assert.True(run.ExitCode == ExitCodes.ParametersFailed, run.ToString());
        Assert.Contains("in its place", run.Stdout);
        var rows = ResultsFile.ReadCsv(results);
        ResultsFile.AssertExactlyOnce(rows, 60, Serial.Simulate, new HashSet<long> { 17 });
        Assert.Contains("ignored its cancellation", rows[17]["error"]);
    }

    [Fact]
    public async Task AStandaloneWorker_HandsARunawayParameterBack_AndExitsWithItsOwnCode()
    {
        var submit = await TtgProcess.RunAsync(_folder.Path, "submit", "simulate", "--params", "10", "--work-ms", "1", "--chunk-size", "10", "--arg", "stuck-on=3", "--timeout", "0.2", "--store", Store);
        Assert.True(submit.ExitCode == 0, submit.ToString());
        var jobId = submit.Stdout.Trim();

        var worker = await TtgProcess.RunAsync(_folder.Path, null, TimeSpan.FromMinutes(1), "worker", "--store", Store, "--job", jobId, "--exit-when-idle", "--concurrency", "1");

        Assert.True(worker.ExitCode == ExitCodes.WorkerAbandonedParameter, worker.ToString());
        Assert.Contains("Parameter 3 of job", worker.Stdout + worker.Stderr);
        var progress = await StoreProbe.ProgressAsync(Store, jobId);
        Assert.Equal(0, progress.Done); // nothing recorded for the chunk: it went back split around parameter 3
        Assert.Equal(3, progress.PendingChunks); // 0..2, 3, 4..9
        Assert.Equal(0, progress.LeasedChunks);
    }
}
