using System.Text.Json;
using System.Text.RegularExpressions;

namespace Ttg.Deploy.Tests;

/// <summary>The Grafana dashboard reads only metrics the worker exports, and the PodMonitor scrapes the port the workers name.</summary>
public sealed partial class GrafanaDashboardTests
{
    private static readonly string DashboardPath = Path.Combine(RepoPaths.Root, "deploy", "grafana", "ttg-dashboard.json");

    [Fact]
    public void Dashboard_QueriesOnlyMetricsTheWorkerExports()
    {
        using var dashboard = JsonDocument.Parse(File.ReadAllText(DashboardPath));
        var endpoints = File.ReadAllText(Path.Combine(RepoPaths.Root, "src", "Ttg.Cli", "Hosting", "WorkerEndpoints.cs"));
        var exported = MetricName().Matches(endpoints).Select(m => m.Value).ToHashSet();
        var expressions = dashboard.RootElement.GetProperty("panels").EnumerateArray()
            .SelectMany(p => p.GetProperty("targets").EnumerateArray())
            .Select(t => t.GetProperty("expr").GetString()!)
            .ToList();

        Assert.NotEmpty(expressions);
        var queried = expressions.SelectMany(e => MetricName().Matches(e).Select(m => m.Value)).ToHashSet();
        Assert.Subset(exported, queried);
        Assert.Contains("ttg_worker_chunks_in_flight", queried);
        Assert.Contains(queried, m => m.EndsWith("_total", StringComparison.Ordinal));
    }

    [Fact]
    public void Dashboard_PanelIdsAreUnique_AndEveryPanelUsesTheDatasourceVariable()
    {
        using var dashboard = JsonDocument.Parse(File.ReadAllText(DashboardPath));
        var panels = dashboard.RootElement.GetProperty("panels").EnumerateArray().ToList();

        Assert.Equal(panels.Count, panels.Select(p => p.GetProperty("id").GetInt32()).Distinct().Count());
        Assert.All(panels, p => Assert.Equal("${datasource}", p.GetProperty("datasource").GetProperty("uid").GetString()));
    }

    [Fact]
    public void PodMonitor_ScrapesTheMetricsPortOfTheQueueWorkers()
    {
        var podMonitor = File.ReadAllText(Path.Combine(RepoPaths.Root, "deploy", "k8s", "components", "prometheus", "pod-monitor.yaml"));
        var workerJob = File.ReadAllText(Path.Combine(RepoPaths.Root, "deploy", "k8s", "base", "worker-job.yaml"));

        Assert.Contains("- port: metrics", podMonitor);
        Assert.Contains("app.kubernetes.io/name: ttg-worker", podMonitor);
        Assert.Matches(@"- name: metrics\s+containerPort: 9090", workerJob);
    }

    [GeneratedRegex(@"ttg_worker_[a-z_]+")]
    private static partial Regex MetricName();
}
