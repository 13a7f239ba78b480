using System.Diagnostics;
using Ttg.Testing;

namespace Ttg.Cli.Tests;

/// <summary>
/// The store on a small tmpfs that fills mid-run: ttg run must end with exit 4 naming the full disk, keep what was
/// computed, and `ttg run --resume` must finish the job once space is back. Needs root to mount the tmpfs; it
/// fails, not skips, where it cannot.
/// </summary>
public sealed class RunDiskFullTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly string _mount;

    public RunDiskFullTests()
    {
        _mount = _folder.File("small-disk");
        Directory.CreateDirectory(_mount);
        var mounted = Run("mount", "-t", "tmpfs", "-o", "size=16m", "tmpfs", _mount);
        Assert.True(mounted.ExitCode == 0, $"this test mounts a 16 MB tmpfs and needs root (mount -t tmpfs): {mounted}");
    }

    public void Dispose()
    {
        Run("umount", "-l", _mount);
        _folder.Dispose();
    }

    [Fact]
    public async Task Run_WhenTheStoresDiskFills_Exits4NamingIt_AndResumeAfterSpaceIsFreedCompletesExactlyOnce()
    {
        var store = Path.Combine(_mount, "ttg.db");
        var ballast = Path.Combine(_mount, "ballast");
        using var run = TtgProcess.Start(_folder.Path, null,
            "run", "simulate", "--params", "60000", "--work-ms", "0.2", "--chunk-size", "50", "--workers", "2", "--job-id", "full", "--store", store);
        // Submitting takes a second or two; a run that neither submits nor exits fails here instead of holding the run.
        var submitBy = DateTime.UtcNow.AddMinutes(1);
        while (!run.Stdout.Contains("Job full:", StringComparison.Ordinal))
        {
            Assert.False(run.HasExited, $"ttg run ended before it submitted the job:\n{run.Stdout}\n{run.Stderr}");
            Assert.True(DateTime.UtcNow < submitBy, $"ttg run did not submit the job within a minute:\n{run.Stdout}\n{run.Stderr}");
            await Task.Delay(50);
        }

        await StoreProbe.WaitForAsync(store, "full", p => p.Done >= 2000, TimeSpan.FromMinutes(2));

        // Fill what is left of the disk; the workers' next writes fail with "database or disk is full".
        var filled = Run("dd", "if=/dev/zero", $"of={ballast}", "bs=64k");
        Assert.Contains("No space left", filled.Stderr);
        var full = Stopwatch.StartNew();
        var result = await run.WaitAsync(TimeSpan.FromSeconds(90));
        var took = full.Elapsed;

        Assert.True(result.ExitCode == ExitCodes.BackendUnavailable, result.ToString());
        Assert.True(took < TimeSpan.FromSeconds(30), $"ttg run took {took.TotalSeconds:F1} s after the disk filled to exit; {result}");
        var last = result.Stderr.Trim().Split('\n')[^1];
        Assert.Contains("full", last, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("ttg run --resume full", last);

        File.Delete(ballast);
        var output = _folder.File("r.csv");
        var resumed = await TtgProcess.RunAsync(_folder.Path, "run", "--resume", "full", "--store", store, "--workers", "2", "--out", output);

        Assert.True(resumed.ExitCode == 0, resumed.ToString());
        ResultsFile.AssertExactlyOnce(ResultsFile.ReadCsv(output), 60000, Serial.Simulate);
    }

    private static ProcessResult Run(string program, params string[] args) =>
        ChildProcess.RunAsync(program, args, TimeSpan.FromMinutes(1)).GetAwaiter().GetResult();
}
