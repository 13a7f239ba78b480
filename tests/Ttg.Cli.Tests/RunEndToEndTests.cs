namespace Ttg.Cli.Tests;

/// <summary>`ttg run` with real worker processes, compared with a serial computation.</summary>
public sealed class RunEndToEndTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Run_WithAWorkerSigkilledMidRun_StillRecordsEveryParameterExactlyOnce()
    {
        var output = _folder.File("results.csv");

        var result = await TtgProcess.RunAsync(_folder.Path,
            "run", "spin", "--params", "12000", "--work-ms", "0.5", "--chunk-size", "50", "--workers", "3",
            "--kill-worker-at", "30%", "--out", output, "--store", _folder.File("ttg.db"));

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("SIGKILLed worker", result.Stdout);
        Assert.Matches(@"died \(exit -?\d+\); freed its \d+ chunks?", result.Stdout); // a worker holds only what it computes: often one chunk
        Assert.Contains("Recovery:", result.Stdout);
        ResultsFile.AssertExactlyOnce(ResultsFile.ReadCsv(output), 12000, Serial.Spin);
    }

    [Fact]
    public async Task Run_ThatCannotStartItsWorkers_SaysHowToResumeTheStoredJob_AndTheResumeWorks()
    {
        var store = _folder.File("ttg.db");

        // Worker logs go under the temp folder; one that cannot exist makes starting the workers fail.
        var failed = await TtgProcess.RunAsync(_folder.Path, new Dictionary<string, string> { ["TMPDIR"] = "/proc/no-such-dir" }, TimeSpan.FromMinutes(1),
            "run", "square", "--params", "300", "--store", store);

        Assert.Equal(ExitCodes.Error, failed.ExitCode);
        var hint = System.Text.RegularExpressions.Regex.Match(failed.Stderr, "continue it with `ttg (run --resume [^`]+)`");
        Assert.True(hint.Success, failed.ToString());
        var resumed = await TtgProcess.RunAsync(_folder.Path, [.. hint.Groups[1].Value.Split(' '), "--workers", "2"]);
        Assert.True(resumed.ExitCode == 0, resumed.ToString());
        var jobId = System.Text.RegularExpressions.Regex.Match(failed.Stderr, "Job (\\S+) is stored").Groups[1].Value;
        Assert.Equal(300, (await StoreProbe.ProgressAsync(store, jobId)).Done);
    }

    [Fact]
    public async Task Run_WithPoisonParameters_IsolatesThem_AndCompletesEveryOtherParameter()
    {
        var output = _folder.File("results.csv");

        var result = await TtgProcess.RunAsync(_folder.Path,
            "run", "square", "--params", "2000", "--fail-on", "17,1234", "--max-attempts", "2", "--workers", "2",
            "--out", output, "--store", _folder.File("ttg.db"));

        Assert.True(result.ExitCode == ExitCodes.ParametersFailed, result.ToString());
        Assert.Contains("#17", result.Stdout);
        Assert.Contains("#1234", result.Stdout);
        ResultsFile.AssertExactlyOnce(ResultsFile.ReadCsv(output), 2000, i => (double)i * i, new HashSet<long> { 17, 1234 });
    }

    [Fact]
    public async Task Run_WithAParameterThatKillsItsWorkerEveryTime_ReplacesTheDeadWorkers_AndIsolatesThatParameterAlone()
    {
        var output = _folder.File("results.csv");

        // Parameter 7's command SIGKILLs the worker that runs it (its parent), every time. One-parameter chunks with
        // one attempt each, four computing at once on each worker: a death charged to any chunk beside the killer
        // would record that parameter as failed. The first death cannot be pinned on one chunk, so none is charged;
        // each chunk it held is then computed alone, and the next death is pinned on parameter 7. Before, two deaths
        // left no worker and the run stopped; later, the chunks beside the killer were recorded failed with it.
        var result = await TtgProcess.RunAsync(_folder.Path,
            "run", "--command", "if [ {index} = 7 ]; then kill -9 $PPID; fi; echo {index}", "--params", "40", "--chunk-size", "1",
            "--max-attempts", "1", "--workers", "2", "--concurrency", "4", "--out", output, "--store", _folder.File("ttg.db"));

        Assert.True(result.ExitCode == ExitCodes.ParametersFailed, result.ToString());
        Assert.Contains("in its place", result.Stdout);
        Assert.Contains("#7: worker lost: the worker computing it died", result.Stdout);
        ResultsFile.AssertExactlyOnce(ResultsFile.ReadCsv(output), 40, i => i, new HashSet<long> { 7 });
    }

    [Fact]
    public async Task Run_OnAGrid_ReportsTheBestParameters()
    {
        var output = _folder.File("results.jsonl");

        var result = await TtgProcess.RunAsync(_folder.Path,
            "run", "rosenbrock", "--grid", "x=-2:2:41,y=-1:3:41", "--workers", "2", "--job-id", "rb", "--out", output, "--store", _folder.File("ttg.db"));

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("x=1", result.Stdout);
        Assert.Contains("y=1", result.Stdout);
        Assert.Equal(41 * 41, File.ReadLines(output).Count());
    }
}
