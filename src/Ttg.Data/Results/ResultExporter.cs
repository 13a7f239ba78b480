using Ttg.Jobs;
using Ttg.WorkQueue;

namespace Ttg.Results;

/// <summary>
/// A job's stored results as a table, in bounded memory (see <see cref="JobResults"/>, which reads them once): to any
/// stream, to a file, or summarised only. One row per recorded parameter in index order.
/// </summary>
public static class ResultExporter
{
    /// <summary>
    /// True when <paramref name="path"/> names a format this exporter writes (.csv, .jsonl or .parquet), so callers
    /// can reject a bad path before any work instead of after it.
    /// </summary>
    public static bool CanExport(string path) => FormatOf(path) is not null;

    /// <summary>The format a path's extension names (.csv, .jsonl, .parquet, in any case), or null for any other.</summary>
    public static ExportFormat? FormatOf(string path) => Path.GetExtension(path).ToLowerInvariant() switch
    {
        ".csv" => ExportFormat.Csv,
        ".jsonl" => ExportFormat.Jsonl,
        ".parquet" => ExportFormat.Parquet,
        _ => null,
    };

    /// <summary>
    /// Writes the results of <paramref name="parts"/> (one job, or a static run's slices in slice order) to
    /// <paramref name="output"/>, which is left open, and returns their summary. The columns are <c>index</c>, each
    /// parameter name, the union of every result field (a scalar result in <c>result</c>; a field whose type varies
    /// as text) and <c>error</c> ("kind: message (attempts N)", see <see cref="ParameterFailure.Kind"/>); JSON lines and Parquet add the failure's parts
    /// (<c>errorType</c>, <c>errorMessage</c>, <c>attempts</c>, <c>stackTrace</c>). Parameters without a stored
    /// outcome yet (a running job) are not exported. <paramref name="metric"/> names the field the summary ranks
    /// (default: <c>result</c> or <c>value</c>, else the first numeric field); it is checked before any row is written.
    /// </summary>
    /// <exception cref="JobSpecException"><paramref name="metric"/> is not a numeric field of the job.</exception>
    public static async Task<ResultSummary> ExportAsync(IJobStore store, IReadOnlyList<JobInfo> parts, Stream output, ExportFormat format, ResultGoal goal = ResultGoal.Minimize, string? metric = null, CancellationToken cancellationToken = default)
    {
        var results = await JobResults.ReadAsync(store, parts, cancellationToken).ConfigureAwait(false);
        var summary = results.Summarize(goal, metric);
        await results.ExportAsync(output, format, cancellationToken).ConfigureAwait(false);
        return summary;
    }

    /// <summary>
    /// Writes the results to <paramref name="path"/> in the format its extension names (<c>.csv</c>, <c>.jsonl</c>,
    /// <c>.parquet</c>), with the columns of <see cref="ExportAsync(IJobStore, IReadOnlyList{JobInfo}, Stream, ExportFormat, ResultGoal, string?, CancellationToken)"/>.
    /// The file is written under a temporary name and renamed when complete, so a failed export never leaves half a file.
    /// </summary>
    /// <exception cref="ArgumentException">The path does not end in .csv, .jsonl or .parquet.</exception>
    /// <exception cref="JobSpecException"><paramref name="metric"/> is not a numeric field of the job.</exception>
    public static Task<ResultSummary> ExportAsync(IJobStore store, JobInfo job, string path, ResultGoal goal = ResultGoal.Minimize, string? metric = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(job);
        return ExportAsync(store, [job], path, goal, metric, cancellationToken);
    }

    /// <summary>Writes the results of several jobs over one parameter space (a static run's slices, in slice order) to one file, as the single-job overload does.</summary>
    /// <exception cref="ArgumentException">The path does not end in .csv, .jsonl or .parquet.</exception>
    /// <exception cref="JobSpecException"><paramref name="metric"/> is not a numeric field of the job.</exception>
    public static async Task<ResultSummary> ExportAsync(IJobStore store, IReadOnlyList<JobInfo> parts, string path, ResultGoal goal = ResultGoal.Minimize, string? metric = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (!CanExport(path))
        {
            throw new ArgumentException($"Cannot export to '{path}': the format is chosen by extension; use a path ending in .csv, .jsonl or .parquet.", nameof(path));
        }

        var results = await JobResults.ReadAsync(store, parts, cancellationToken).ConfigureAwait(false);
        var summary = results.Summarize(goal, metric);
        await results.ExportToFileAsync(path, cancellationToken).ConfigureAwait(false);
        return summary;
    }

    /// <summary>The statistics the export returns, without writing anything.</summary>
    /// <exception cref="JobSpecException"><paramref name="metric"/> is not a numeric field of the job.</exception>
    public static Task<ResultSummary> SummarizeAsync(IJobStore store, JobInfo job, ResultGoal goal = ResultGoal.Minimize, string? metric = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(job);
        return SummarizeAsync(store, [job], goal, metric, cancellationToken);
    }

    /// <summary>The statistics of several jobs over one parameter space (a static run's slices) taken together.</summary>
    /// <exception cref="JobSpecException"><paramref name="metric"/> is not a numeric field of the job.</exception>
    public static async Task<ResultSummary> SummarizeAsync(IJobStore store, IReadOnlyList<JobInfo> parts, ResultGoal goal = ResultGoal.Minimize, string? metric = null, CancellationToken cancellationToken = default) =>
        (await JobResults.ReadAsync(store, parts, cancellationToken).ConfigureAwait(false)).Summarize(goal, metric);
}
