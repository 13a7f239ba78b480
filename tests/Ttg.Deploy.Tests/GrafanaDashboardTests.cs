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
        var exported = ExportedNames();
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

    /// <summary>
    /// The Prometheus names of the instruments in TtgMetrics.cs, by the exporter's rules: a counter gains
    /// <c>_total</c>, a histogram in seconds gains <c>_seconds</c> and is queried as <c>_bucket</c>, <c>_sum</c>, <c>_count</c>.
    /// (The Prometheus end-to-end test checks the same against a real scrape.)
    /// </summary>
    private static HashSet<string> ExportedNames()
    {
        var source = File.ReadAllText(Path.Combine(RepoPaths.Root, "src", "Ttg.Core", "Telemetry", "TtgMetrics.cs"));
        var names = new HashSet<string>();
        foreach (Match m in Instrument().Matches(source))
        {
            var name = m.Groups["name"].Value.Replace('.', '_');
            switch (m.Groups["kind"].Value)
            {
                case "CreateCounter":
                    names.Add(name + "_total");
                    break;
                case "CreateUpDownCounter":
                    names.Add(name);
                    break;
                default:
                    names.UnionWith(new[] { "_bucket", "_sum", "_count" }.Select(s => name + "_seconds" + s));
                    break;
            }
        }

        return names;
    }

    [GeneratedRegex(@"ttg_worker_[a-z_]+")]
    private static partial Regex MetricName();

    [GeneratedRegex(@"(?<kind>CreateCounter|CreateUpDownCounter|Seconds)(<long>)?\((meter, )?""(?<name>ttg\.worker\.[a-z._]+)""")]
    private static partial Regex Instrument();
}
