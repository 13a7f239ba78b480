using System.Text.RegularExpressions;

namespace Ttg.Cli.Tests;

/// <summary>
/// A worker whose computation cannot be set up on its machine (one node lacks a model file): a worker fault, never a
/// parameter's. `ttg run` gives its first worker the variable the built-in `setup-fails-if-env` argument looks for.
/// </summary>
public sealed class RunWorkerFaultTests : IDisposable
{
    private const string BadNode = "TTG_TEST_BAD_NODE";
    private readonly TempFolder _folder = new();

    private string Store => _folder.File("ttg.db");

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task SetupFailingOnOneOfTwoWorkers_EveryParameterSucceedsOnTheOther_AndStatusShowsTheReason()
    {
        var output = _folder.File("r.csv");
        var env = new Dictionary<string, string> { ["TTG_RUN_WORKER_ENV_1"] = $"{BadNode}=1" };

        var result = await TtgProcess.RunAsync(_folder.Path, env, TimeSpan.FromMinutes(3),
            "run", "simulate", "--params", "2000", "--work-ms", "1", "--chunk-size", "50", "--arg", $"setup-fails-if-env={BadNode}",
            "--workers", "2", "--job-id", "half", "--out", output, "--store", Store);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Matches(@"worker w1-half: setup failed: .*FileNotFoundException.*model\.bin not found.*; this worker cannot compute here", result.Stdout);
        ResultsFile.AssertExactlyOnce(ResultsFile.ReadCsv(output), 2000, Serial.Simulate);
        var progress = await StoreProbe.ProgressAsync(Store, "half");
        Assert.Equal(0, progress.Failed);
        Assert.Equal(2000, progress.ParametersByWorker.GetValueOrDefault("w2-half"));

        var status = await InProcessTtg.RunAsync("status", "half", "--store", Store);
        Assert.True(status.ExitCode == 0, status.ToString());
        Assert.Matches(@"w1-half .*setup failed: .*model\.bin not found", status.Stdout);
    }

    [Fact]
    public async Task SetupFailingOnEveryWorker_SaysSoInOneLine_Exits7_AndMarksNoParameterFailed()
    {
        var env = new Dictionary<string, string> { ["TTG_RUN_WORKER_ENV_1"] = $"{BadNode}=1", ["TTG_RUN_WORKER_ENV_2"] = $"{BadNode}=1" };

        var result = await TtgProcess.RunAsync(_folder.Path, env, TimeSpan.FromMinutes(2),
            "run", "simulate", "--params", "2000", "--work-ms", "1", "--chunk-size", "50", "--arg", $"setup-fails-if-env={BadNode}",
            "--workers", "2", "--job-id", "none", "--store", Store);

        Assert.True(result.ExitCode == ExitCodes.WorkerFault, result.ToString());
        var last = Assert.Single(result.Stderr.Trim().Split('\n'));
        Assert.Matches("every worker stopped with a worker fault .*setup failed.*model\\.bin not found.*`ttg run --resume none --store [^`]+`", last);
        var progress = await StoreProbe.ProgressAsync(Store, "none");
        Assert.Equal(0, progress.Failed);
        Assert.Equal(0, progress.LeasedChunks);
    }
}
