using System.Globalization;
using Ttg.Results;

namespace Ttg.Cli.Rendering;

/// <summary>Prints a result summary: counts, min/mean/max, the best parameters, and the failed ones.</summary>
internal static class SummaryPrinter
{
    private const int FailuresShown = 20;

    public static void Print(TextWriter output, ResultSummary summary)
    {
        var c = CultureInfo.InvariantCulture;
        output.WriteLine(string.Create(c, $"Results: {summary.Count:N0} parameters, {summary.Succeeded:N0} succeeded, {summary.Failed:N0} failed"));
        if (summary.Min is { } min && summary.Mean is { } mean && summary.Max is { } max)
        {
            output.WriteLine(string.Create(c, $"  {summary.Metric}: min {min:G6} · mean {mean:G6} · max {max:G6}"));
        }

        if (summary.BestIndex is { } best)
        {
            var values = summary.BestParameters.Count == 0
                ? string.Empty
                : " (" + string.Join(", ", summary.BestParameters.Select(p => $"{p.Key}={p.Value}")) + ")";
            output.WriteLine($"  best {summary.Metric}: parameter #{best.ToString(c)}{values} -> {summary.BestResult}");
        }

        if (summary.Failed == 0)
        {
            return;
        }

        output.WriteLine(string.Create(c, $"Failed parameters ({summary.Failed:N0}):"));
        foreach (var (index, failure) in summary.Failures.Take(FailuresShown))
        {
            output.WriteLine(string.Create(c, $"  #{index}: {failure}"));
        }

        if (summary.Failed > FailuresShown)
        {
            output.WriteLine(string.Create(c, $"  … and {summary.Failed - FailuresShown:N0} more in the results file's error column"));
        }
    }
}
