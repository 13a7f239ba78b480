namespace Ttg.Cli.Tests;

/// <summary>`ttg retry` after the cause of recorded failures was fixed: real worker processes on a real store.</summary>
public sealed class RetryEndToEndTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private string Store => _folder.File("ttg.db");

    [Fact]
    public async Task Retry_AfterTheFix_RecomputesTheFailedParameters_AndEveryParameterEndsSucceededOnce()
    {
        // The poison parameters fail while this file exists, as a bug would until it is fixed.
        var bug = _folder.File("bug");
        await File.WriteAllTextAsync(bug, "present");
        var run = await TtgProcess.RunAsync(_folder.Path,
            "run", "square", "--params", "200", "--chunk-size", "20", "--fail-on", "17,123", "--arg", $"fail-while-exists={bug}",
            "--max-attempts", "2", "--workers", "2", "--job-id", "fixme", "--store", Store);
        Assert.True(run.ExitCode == ExitCodes.ParametersFailed, run.ToString());
        Assert.Equal(2, (await StoreProbe.ProgressAsync(Store, "fixme")).Failed);
        Assert.Contains($"`ttg retry fixme --store {Store}` re-queues the failed parameters and `ttg run --resume fixme --store {Store}` computes only those", run.Stderr);

        File.Delete(bug);
        var retry = await InProcessTtg.RunAsync("retry", "fixme", "--store", Store);

        Assert.True(retry.ExitCode == 0, retry.ToString());
        Assert.Contains("Re-queued 2 failed parameters of job fixme", retry.Stdout);
        Assert.Contains($"Compute them with `ttg run --resume fixme --store {Store}`", retry.Stdout);

        // The printed command, run as printed, computes only the re-queued parameters.
        var resume = await TtgProcess.RunAsync(_folder.Path, "run", "--resume", "fixme", "--store", Store);
        Assert.True(resume.ExitCode == 0, resume.ToString());
        Assert.Contains("198 of 200 parameters of 'square' already computed", resume.Stdout);

        var progress = await StoreProbe.ProgressAsync(Store, "fixme");
        Assert.Equal((200L, 0L), (progress.Succeeded, progress.Failed));
        var output = _folder.File("results.csv");
        var export = await InProcessTtg.RunAsync("results", "fixme", "--out", output, "--store", Store);
        Assert.True(export.ExitCode == 0, export.ToString());
        ResultsFile.AssertExactlyOnce(ResultsFile.ReadCsv(output), 200, i => (double)i * i);
        Assert.Contains("no failed parameters", (await InProcessTtg.RunAsync("retry", "fixme", "--store", Store)).Stdout);
    }

    [Fact]
    public async Task Retry_OfACancelledJob_IsBadInput_AndOfAnUnknownJob_NamesTheJobsCommand()
    {
        Assert.Equal(0, (await InProcessTtg.RunAsync("submit", "square", "--params", "10", "--job-id", "gone", "--store", Store)).ExitCode);
        Assert.Equal(0, (await InProcessTtg.RunAsync("cancel", "gone", "--store", Store)).ExitCode);

        var cancelled = await InProcessTtg.RunAsync("retry", "gone", "--store", Store);
        var unknown = await InProcessTtg.RunAsync("retry", "nope", "--store", Store);

        Assert.Equal(ExitCodes.BadInput, cancelled.ExitCode);
        Assert.Contains("cancelled", cancelled.Stderr);
        Assert.Equal(ExitCodes.BadInput, unknown.ExitCode);
        Assert.Contains("ttg jobs", unknown.Stderr);
    }
}
