using Ttg.Cli.Rendering;
using Ttg.Results;
using Ttg.WorkQueue;

namespace Ttg.Cli;

/// <summary>
/// Exports or summarises a finished job and returns the exit code that reflects it. The results are read and decoded
/// once (<see cref="JobResults"/>): the summary comes from that pass and the export writes from it.
/// </summary>
internal static class ResultWriter
{
    public static Task<int> WriteAsync(CliServices services, ITtgBackend store, JobInfo job, string? outPath, ResultGoal goal, CancellationToken cancellationToken, bool json = false, string? metric = null) =>
        WriteAsync(services, store, [job], job.TotalParameters, outPath, goal, cancellationToken, json, metric);

    /// <summary>Exports several jobs over one parameter space (a static run's slices) as one; complete when <paramref name="expected"/> results are in.</summary>
    public static async Task<int> WriteAsync(CliServices services, ITtgBackend store, IReadOnlyList<JobInfo> parts, long expected, string? outPath, ResultGoal goal, CancellationToken cancellationToken, bool json = false, string? metric = null)
    {
        var results = await JobResults.ReadAsync(store, parts, cancellationToken).ConfigureAwait(false);

        // Summarised first: a --metric that is no numeric field is refused before any file is written.
        var summary = results.Summarize(goal, metric);
        if (outPath is not null)
        {
            await results.ExportToFileAsync(outPath, cancellationToken).ConfigureAwait(false);
            if (!json)
            {
                services.Output.WriteLine($"Wrote {summary.Count:N0} rows to {outPath}");
            }
        }

        foreach (var mixed in summary.MixedColumns)
        {
            services.Error.WriteLine($"note: result field '{mixed}' holds values of several types; it is exported as text.");
        }

        if (json)
        {
            Json.JsonValues.Print(services.Output, Json.SummaryJsonBuilder.Of(parts.Count == 1 ? parts[0].JobId : parts[0].Name, summary, outPath), Json.CliJsonContext.Default.SummaryJson);
        }
        else
        {
            SummaryPrinter.Print(services.Output, summary);
        }

        if (summary.Failed > 0)
        {
            return ExitCodes.ParametersFailed;
        }

        return summary.Count == expected ? ExitCodes.Success : ExitCodes.Incomplete;
    }
}
