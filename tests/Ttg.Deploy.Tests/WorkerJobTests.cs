using k8s.Models;

namespace Ttg.Deploy.Tests;

public sealed class WorkerJobTests
{
    public static TheoryData<string> Overlays => new() { "kind", "aks" };

    [Theory]
    [MemberData(nameof(Overlays))]
    public async Task QueueJob_RunsThreeWorkersSpreadOverNodes(string overlay)
    {
        var job = (await RenderedOverlay.LoadAsync(overlay)).Job("ttg-computation");

        Assert.Equal(3, job.Spec.Parallelism);
        Assert.Null(job.Spec.Completions);
        Assert.Equal("ttg-worker", job.Spec.Template.Metadata.Labels["app.kubernetes.io/name"]);
        var spread = Assert.Single(job.Spec.Template.Spec.TopologySpreadConstraints);
        Assert.Equal("kubernetes.io/hostname", spread.TopologyKey);
        Assert.Equal(1, spread.MaxSkew);
        Assert.Subset(
            job.Spec.Template.Metadata.Labels.ToHashSet(),
            spread.LabelSelector.MatchLabels.ToHashSet());

        var worker = ContainerCommandLine.Parse(Assert.Single(job.Spec.Template.Spec.Containers));
        Assert.Equal("worker", worker.Verb);
        Assert.True(worker.Flags.ContainsKey("--exit-when-idle"));
        Assert.Equal("$(REDIS_URL)", worker.Flags["--redis"]);
    }

    [Fact]
    public async Task KindOverlay_RequiresOneWorkerPerNode()
    {
        var job = (await RenderedOverlay.LoadAsync("kind")).Job("ttg-computation");

        Assert.Equal("DoNotSchedule", Assert.Single(job.Spec.Template.Spec.TopologySpreadConstraints).WhenUnsatisfiable);
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public async Task EveryWorker_GetsMoreTerminationGraceThanItsGracePeriod(string overlay)
    {
        var rendered = await RenderedOverlay.LoadAsync(overlay);

        foreach (var (owner, pod, container) in TtgContainers.In(rendered))
        {
            var cli = ContainerCommandLine.Parse(container);
            if (cli.Verb != "worker")
            {
                continue;
            }

            var grace = cli.Flags.ContainsKey("--grace-period") ? cli.IntFlag("--grace-period") : CliContract.DefaultGracePeriodSeconds;
            Assert.True(
                pod.TerminationGracePeriodSeconds >= grace + 5,
                $"{owner}: terminationGracePeriodSeconds {pod.TerminationGracePeriodSeconds} < --grace-period {grace} + 5");
        }
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public async Task Probes_TargetTheHealthPortTheWorkerIsGiven(string overlay)
    {
        var rendered = await RenderedOverlay.LoadAsync(overlay);
        var checkedWorkers = 0;

        foreach (var (owner, _, container) in TtgContainers.In(rendered))
        {
            var cli = ContainerCommandLine.Parse(container);
            if (cli.Verb != "worker")
            {
                continue;
            }

            var healthPort = cli.IntFlag("--health-port");
            Assert.NotNull(container.LivenessProbe);
            foreach (var (probe, path) in new[] { (container.LivenessProbe, "/healthz"), (container.ReadinessProbe, "/readyz") })
            {
                if (probe is null)
                {
                    continue;
                }

                Assert.Equal(path, probe.HttpGet.Path);
                Assert.True(
                    ResolvePort(container, probe.HttpGet.Port) == healthPort,
                    $"{owner}: probe {path} targets {probe.HttpGet.Port.Value}, the worker listens on {healthPort}");
            }

            checkedWorkers++;
        }

        Assert.True(checkedWorkers >= 2, "expected the queue and the static worker Jobs");
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public async Task StaticJob_IsIndexedWithOneSlicePerCompletion(string overlay)
    {
        var job = (await RenderedOverlay.LoadAsync(overlay)).Job("ttg-computation-static");

        Assert.Equal("Indexed", job.Spec.CompletionMode);
        var cli = ContainerCommandLine.Parse(Assert.Single(job.Spec.Template.Spec.Containers));
        Assert.Equal("worker", cli.Verb);
        Assert.True(cli.Flags.ContainsKey("--static"));
        Assert.Equal(job.Spec.Completions, cli.IntFlag("--count"));
        // The index comes from JOB_COMPLETION_INDEX, which Kubernetes sets; a fixed --index would
        // make every pod compute the same slice.
        Assert.False(cli.Flags.ContainsKey("--index"));
        Assert.DoesNotContain(job.Spec.Template.Spec.Containers[0].Env ?? [], e => e.Name is "JOB_COMPLETION_INDEX" or "WORKER_ID");
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public async Task SubmitJob_SubmitsOnceThenWatches(string overlay)
    {
        var job = (await RenderedOverlay.LoadAsync(overlay)).Job("ttg-submit");

        var submit = ContainerCommandLine.Parse(Assert.Single(job.Spec.Template.Spec.InitContainers));
        var watch = ContainerCommandLine.Parse(Assert.Single(job.Spec.Template.Spec.Containers));
        Assert.Equal("submit", submit.Verb);
        Assert.Equal("watch", watch.Verb);
        Assert.Equal(submit.Flags["--job-id"], Assert.Single(watch.Positionals));
        // Restarting in place keeps the init container's success: the sweep is not submitted twice.
        Assert.Equal("OnFailure", job.Spec.Template.Spec.RestartPolicy);
    }

    private static int? ResolvePort(V1Container container, IntOrString port)
    {
        if (int.TryParse(port.Value, out var number))
        {
            return number;
        }

        return container.Ports?.SingleOrDefault(p => p.Name == port.Value)?.ContainerPort;
    }
}
