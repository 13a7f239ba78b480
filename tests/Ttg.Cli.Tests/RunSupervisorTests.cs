using System.Text.RegularExpressions;
using Ttg.Testing;

namespace Ttg.Cli.Tests;

/// <summary>`ttg run` as the supervisor of its workers, on real processes and a real SQLite file: killed, frozen children, resume.</summary>
public sealed class RunSupervisorTests : IDisposable
{
    private readonly TempFolder _folder = new();

    private string Store => _folder.File("ttg.db");

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Run_Sigkilled_LeavesNoWorkerAlive_AndResumeFinishesExactlyOnce()
    {
        List<int> workers;
        using (var run = TtgProcess.Start(_folder.Path, null,
            // About 3 s of work: a CI run once saw the whole job done at 2 ms a parameter before the kill came.
            "run", "simulate", "--params", "4000", "--work-ms", "20", "--chunk-size", "50", "--workers", "2", "--job-id", "killed", "--store", Store))
        {
            await WaitForAsync(() => run.Stdout.Contains("Job killed:", StringComparison.Ordinal), run);
            await StoreProbe.WaitForAsync(Store, "killed", p => p.Done >= 300, TimeSpan.FromMinutes(2));
            workers = ProcessTable.ChildrenOf(run.Id);
            Assert.True(workers.Count == 2, $"expected the 2 workers as children of ttg run, found: {string.Join(", ", workers.Select(ProcessTable.CommandLine))}");
            run.Kill();
        }

        await Task.Delay(TimeSpan.FromSeconds(5));
        var alive = workers.Where(ProcessTable.IsAlive).ToList();
        Assert.True(alive.Count == 0, $"workers still alive 5 s after ttg run was SIGKILLed: {string.Join(", ", alive.Select(pid => $"{pid} {ProcessTable.CommandLine(pid)}"))}");
        var left = await StoreProbe.ProgressAsync(Store, "killed");
        Assert.True(left.Done < 4000, "the job finished before the kill; nothing to resume");
        Assert.Equal(0, left.LeasedChunks); // the workers released what they held as they stopped

        var output = _folder.File("r.csv");
        var resumed = await TtgProcess.RunAsync(_folder.Path, "run", "--resume", "killed", "--store", Store, "--workers", "2", "--out", output);

        Assert.True(resumed.ExitCode == 0, resumed.ToString());
        Assert.Matches(@"Resuming job killed: [\d,]+ of 4,000 parameters", resumed.Stdout);
        ResultsFile.AssertExactlyOnce(ResultsFile.ReadCsv(output), 4000, Serial.Simulate);
    }

    [Fact]
    public async Task Run_WithAWorkerSigstopped_KillsAndReplacesIt_AndCompletesExactlyOnce()
    {
        var output = _folder.File("r.csv");
        var frozen = 0;
        // Long enough to outlast the liveness after the stop: otherwise the live worker finishes the job, taking a
        // speculative copy of the stopped worker's chunk, before the supervisor has reason to act.
        using var run = TtgProcess.Start(_folder.Path, null,
            "run", "simulate", "--params", "20000", "--work-ms", "20", "--chunk-size", "50", "--workers", "2", "--job-id", "frozen", "--out", output, "--store", Store);
        try
        {
            await WaitForAsync(() => run.Stdout.Contains("Job frozen:", StringComparison.Ordinal), run);
            await StoreProbe.WaitForAsync(Store, "frozen", p => p.Done >= 300, TimeSpan.FromMinutes(2));
            frozen = ProcessTable.ChildrenOf(run.Id).First();
            ProcessTable.Signal(frozen, UnixSignal.Stop);

            var result = await run.WaitAsync(TimeSpan.FromMinutes(3));

            Assert.True(result.ExitCode == 0, result.ToString());
            Assert.Matches(@"Worker w\d-\w+ \(pid " + frozen + @"\) was stopped for longer than the liveness \(2 s\): SIGKILLed it and freed its \d+ chunks?; started w3-\w+ in its place", result.Stdout);
            Assert.False(ProcessTable.IsAlive(frozen));
            ResultsFile.AssertExactlyOnce(ResultsFile.ReadCsv(output), 20000, Serial.Simulate);
        }
        finally
        {
            if (frozen != 0 && ProcessTable.IsAlive(frozen))
            {
                ProcessTable.Signal(frozen, UnixSignal.Kill);
            }
        }
    }

    [Fact]
    public async Task Resume_OfAnUnknownJob_IsOneLineOfBadInput()
    {
        var result = await InProcessTtg.RunAsync("run", "--resume", "no-such-job", "--store", Store);

        Assert.Equal(ExitCodes.BadInput, result.ExitCode);
        Assert.Contains("there is no job no-such-job", result.Stderr);
        Assert.Single(result.Stderr.Trim().Split('\n'));
    }

    [Fact]
    public async Task Resume_WithFlagsOfAnotherJob_IsBadInput_AndWithTheSameFlagsIsAccepted()
    {
        var submitted = await InProcessTtg.RunAsync("submit", "square", "--params", "300", "--chunk-size", "30", "--job-id", "sq", "--store", Store);
        Assert.True(submitted.ExitCode == 0, submitted.ToString());

        var other = await InProcessTtg.RunAsync("run", "square", "--params", "301", "--chunk-size", "30", "--resume", "sq", "--store", Store);
        Assert.Equal(ExitCodes.BadInput, other.ExitCode);
        Assert.Contains("describe another job", other.Stderr);
        Assert.Single(other.Stderr.Trim().Split('\n'));

        var withJobId = await InProcessTtg.RunAsync("run", "--resume", "sq", "--job-id", "x", "--store", Store);
        Assert.Equal(ExitCodes.BadInput, withJobId.ExitCode);

        var output = _folder.File("sq.csv");
        var same = await TtgProcess.RunAsync(_folder.Path, "run", "square", "--params", "300", "--chunk-size", "30", "--resume", "sq", "--workers", "2", "--out", output, "--store", Store);
        Assert.True(same.ExitCode == 0, same.ToString());
        ResultsFile.AssertExactlyOnce(ResultsFile.ReadCsv(output), 300, i => (double)i * i);

        // A finished job has nothing left to compute: --resume just writes its results again.
        var again = _folder.File("again.csv");
        var finished = await InProcessTtg.RunAsync("run", "--resume", "sq", "--out", again, "--store", Store);
        Assert.True(finished.ExitCode == 0, finished.ToString());
        Assert.Contains("already completed", finished.Stdout);
        ResultsFile.AssertExactlyOnce(ResultsFile.ReadCsv(again), 300, i => (double)i * i);
    }

    private static async Task WaitForAsync(Func<bool> condition, ChildProcess process)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(1);
        while (!condition())
        {
            if (process.HasExited || DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"ttg run did not get there.\nstdout:\n{process.Stdout}\nstderr:\n{process.Stderr}");
            }

            await Task.Delay(50);
        }
    }
}
