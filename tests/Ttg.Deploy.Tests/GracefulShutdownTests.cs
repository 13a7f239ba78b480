using System.Diagnostics;
using Ttg.Testing;

namespace Ttg.Deploy.Tests;

/// <summary>
/// The worker, started with the flags the queue-mode manifest gives it, exits cleanly on SIGTERM well within
/// the pod's terminationGracePeriodSeconds, so Kubernetes never has to SIGKILL it.
/// </summary>
public sealed class GracefulShutdownTests(TtgBinary ttg) : IClassFixture<TtgBinary>
{
    [Theory]
    [InlineData("kind")]
    [InlineData("aks")]
    public async Task Worker_ExitsCleanlyOnSigterm_WithinThePodsGracePeriod(string overlay)
    {
        var job = (await RenderedOverlay.LoadAsync(overlay)).Job("ttg-computation");
        var pod = job.Spec.Template.Spec;
        var cli = ContainerCommandLine.Parse(pod.Containers.Single(TtgContainers.RunsTtg));
        var grace = cli.Flags.ContainsKey("--grace-period") ? cli.IntFlag("--grace-period") : CliContract.DefaultGracePeriodSeconds;
        var folder = Directory.CreateTempSubdirectory("ttg-sigterm-").FullName;
        var store = Path.Combine(folder, "ttg.db");

        // Chunks of about 2 s each, so SIGTERM lands while chunks are running.
        var jobId = (await ttg.RunAsync("submit", "simulate", "--params", "600", "--work-ms", "20", "--chunk-size", "100", "--store", store)).Trim();
        using var worker = ChildProcess.Start(
            ttg.Path, ["worker", "--store", store, "--grace-period", grace.ToString(System.Globalization.CultureInfo.InvariantCulture), "--concurrency", "2"]);
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        var clock = Stopwatch.StartNew();
        Assert.True(worker.Signal(UnixSignal.Term));
        var exit = await worker.WaitAsync(TimeSpan.FromSeconds(pod.TerminationGracePeriodSeconds!.Value));

        Assert.True(exit.ExitCode == 0, exit.Stderr);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(pod.TerminationGracePeriodSeconds.Value), $"took {clock.Elapsed}");
        Assert.Contains("stopping", exit.Stderr, StringComparison.OrdinalIgnoreCase);
        var status = await ttg.RunAsync("status", jobId, "--store", store);
        Assert.Contains("leased 0 ", status);
        Directory.Delete(folder, recursive: true);
    }
}
