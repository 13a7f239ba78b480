using System.Globalization;
using System.Text.Json;
using Ttg.Testing;

namespace Ttg.Deploy.Tests;

/// <summary>
/// The worker run under bubblewrap as the worker Job's pod runs it (its user, read-only root, only its volume mounts
/// writable, no capabilities, a network with nothing but loopback and Redis on it) computes a job against a real
/// redis-server, every parameter exactly once, and exits 0 on SIGTERM: "works here, fails with
/// readOnlyRootFilesystem" shows up here instead of on a cluster.
/// </summary>
public sealed class PodSandboxTests(TtgBinary ttg) : IClassFixture<TtgBinary>
{
    private const int Parameters = 300;

    [Fact]
    public async Task TheWorker_UnderTheWorkerPodsSecurityContext_ComputesAJobExactlyOnce_AndExitsZeroOnSigterm()
    {
        Assert.True(Environment.UserName == "root", "the sandbox test creates network and user namespaces: run it as root (CI does)");
        DebianPackage.Ensure("bwrap", "bubblewrap");
        DebianPackage.Ensure("ip", "iproute2");
        DebianPackage.Ensure("redis-server", "redis-server");
        DebianPackage.Ensure("redis-cli", "redis-tools");
        var pod = (await RenderedOverlay.LoadAsync("kind")).Job("ttg-computation").Spec.Template.Spec;
        var container = pod.Containers.Single(TtgContainers.RunsTtg);
        var flags = ContainerCommandLine.Parse(container).Flags;
        using var network = await LoopbackOnlyNetwork.StartAsync();

        var submit = await network.RunAsync(ttg.Path, "submit", "square", "--params", $"{Parameters}", "--chunk-size", "10", "--redis", network.RedisUrl);
        Assert.True(submit.ExitCode == 0, submit.ToString());
        var jobId = submit.Stdout.Trim();

        // The manifest's worker flags with this Redis; without --exit-when-idle, so SIGTERM is what ends it.
        string[] worker = ["worker", "--redis", network.RedisUrl, "--concurrency", flags["--concurrency"]!, "--grace-period", flags["--grace-period"]!,
            "--health-port", flags["--health-port"]!, "--metrics-port", flags["--metrics-port"]!];
        using var sandbox = ChildProcess.Start("nsenter", network.Enter([.. PodSandbox.Arguments(pod, container), "--", ttg.Path, .. worker]));

        var status = await WaitUntilFinishedAsync(network, jobId, sandbox);
        var workerPid = SandboxedTtg(sandbox.Id);
        var process = File.ReadAllLines($"/proc/{workerPid}/status");
        Assert.Contains(process, line => line.StartsWith("Uid:", StringComparison.Ordinal) && line.Split('\t', StringSplitOptions.RemoveEmptyEntries)[1..].All(id => id == $"{pod.SecurityContext!.RunAsUser}"));
        Assert.Contains("CapEff:\t0000000000000000", process);
        var term = await ChildProcess.RunAsync("kill", ["-TERM", workerPid.ToString(CultureInfo.InvariantCulture)], TimeSpan.FromSeconds(10));
        Assert.True(term.ExitCode == 0, term.ToString());
        var exit = await sandbox.WaitAsync(TimeSpan.FromSeconds(pod.TerminationGracePeriodSeconds ?? 30));

        Assert.True(exit.ExitCode == 0, exit.ToString());
        Assert.Equal(Parameters, status.GetProperty("succeeded").GetInt32());
        Assert.Equal(0, status.GetProperty("failed").GetInt32());
        using var results = new TemporaryFolder("ttg-sandbox-");
        var csv = Path.Combine(results.Path, "results.csv");
        var export = await network.RunAsync(ttg.Path, "results", jobId, "--out", csv, "--redis", network.RedisUrl);
        Assert.True(export.ExitCode == 0, export.ToString());
        var rows = File.ReadAllLines(csv).Skip(1).Select(line => line.Split(',')).OrderBy(row => long.Parse(row[0], CultureInfo.InvariantCulture));
        Assert.Equal(Enumerable.Range(0, Parameters).Select(i => $"{i}:{(long)i * i}"), rows.Select(row => $"{row[0]}:{row[1]}"));
    }

    private async Task<JsonElement> WaitUntilFinishedAsync(LoopbackOnlyNetwork network, string jobId, ChildProcess sandbox)
    {
        for (var attempt = 0; attempt < 300; attempt++)
        {
            var status = await network.RunAsync(ttg.Path, "status", jobId, "--json", "--redis", network.RedisUrl);
            var job = JsonDocument.Parse(status.Stdout).RootElement.GetProperty("jobs")[0];
            if (job.GetProperty("finishedAt").ValueKind != JsonValueKind.Null)
            {
                return job.Clone();
            }

            Assert.False(sandbox.HasExited, $"the sandboxed worker stopped before the job finished: {sandbox.Stderr}");
            await Task.Delay(200);
        }

        throw new Xunit.Sdk.XunitException($"the job did not finish within 60 s; the worker said: {sandbox.Stderr}");
    }

    /// <summary>The ttg process bwrap started (its child, or a deeper descendant), which a kubelet would signal as PID 1.</summary>
    private static int SandboxedTtg(int bwrapPid)
    {
        var pending = new Queue<int>([bwrapPid]);
        while (pending.TryDequeue(out var pid))
        {
            if (pid != bwrapPid && File.ReadAllText($"/proc/{pid}/comm").Trim() == "ttg")
            {
                return pid;
            }

            var children = File.ReadAllText($"/proc/{pid}/task/{pid}/children").Split(' ', StringSplitOptions.RemoveEmptyEntries);
            foreach (var child in children)
            {
                pending.Enqueue(int.Parse(child, CultureInfo.InvariantCulture));
            }
        }

        throw new Xunit.Sdk.XunitException($"no ttg process under bwrap (pid {bwrapPid})");
    }
}
