using System.Text.Json.Nodes;
using Ttg.Results;

namespace Ttg.Cli.Json;

/// <summary>A <see cref="ResultSummary"/> as <c>ttg results --json</c> prints it.</summary>
internal static class SummaryJsonBuilder
{
    public static SummaryJson Of(string job, ResultSummary summary, string? output)
    {
        BestJson? best = null;
        if (summary.BestIndex is { } index)
        {
            var parameters = new JsonObject();
            foreach (var (name, value) in summary.BestParameters)
            {
                parameters[name] = JsonValues.Of(value);
            }

            best = new BestJson(index, parameters, summary.BestResult is { } result ? JsonValues.Of(result) : null);
        }

        var failures = summary.Failures.Select(f => new FailureJson(f.Index, f.Failure.ExceptionType, f.Failure.Message, f.Failure.Attempts, f.Failure.StackTrace)).ToList();
        return new SummaryJson(job, summary.Count, summary.Succeeded, summary.Failed, summary.Metric, Finite(summary.Min), Finite(summary.Mean), Finite(summary.Max), best, failures, output, output is null ? null : summary.Count);
    }

    // JSON has no infinities: a sum that overflowed reads as no value rather than breaking the document.
    private static double? Finite(double? value) => value is { } v && double.IsFinite(v) ? v : null;
}
