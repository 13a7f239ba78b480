using System.Diagnostics;

namespace Ttg.Deploy.Tests;

/// <summary>
/// The worker, started with the flags the queue-mode manifest gives it, exits cleanly on SIGTERM well within
/// the pod's terminationGracePeriodSeconds, so Kubernetes never has to SIGKILL it.
/// </summary>
public sealed class GracefulShutdownTests(TtgBinary ttg) : IClassFixture<TtgBinary>
{
    private const int SigTerm = 15;

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
        var start = new ProcessStartInfo(ttg.Path) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var arg in new[] { "worker", "--store", store, "--grace-period", grace.ToString(System.Globalization.CultureInfo.InvariantCulture), "--concurrency", "2" })
        {
            start.ArgumentList.Add(arg);
        }

        using var worker = Process.Start(start)!;
        var stderr = worker.StandardError.ReadToEndAsync();
        _ = worker.StandardOutput.ReadToEndAsync();
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        var clock = Stopwatch.StartNew();
        Assert.Equal(0, Kill(worker.Id, SigTerm));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(pod.TerminationGracePeriodSeconds!.Value));
        await worker.WaitForExitAsync(timeout.Token);

        Assert.True(worker.ExitCode == 0, await stderr);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(pod.TerminationGracePeriodSeconds.Value), $"took {clock.Elapsed}");
        Assert.Contains("stopping", await stderr, StringComparison.OrdinalIgnoreCase);
        var status = await ttg.RunAsync("status", jobId, "--store", store);
        Assert.Contains("leased 0 ", status);
        Directory.Delete(folder, recursive: true);
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "kill")]
    private static extern int Kill(int pid, int signal);
}
