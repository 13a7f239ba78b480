using System.Security.Cryptography;
using Ttg.Jobs;
using Ttg.WorkQueue;

namespace Ttg.Results;

/// <summary>
/// Streams a job's stored results to a file and/or a summary, one row per recorded parameter in index order,
/// in bounded memory (one chunk at a time). Two passes: the first learns every column and its type
/// (<see cref="ResultScan"/>), the second writes.
/// </summary>
public static class ResultExporter
{
    /// <summary>
    /// True when <paramref name="path"/> names a format this exporter writes (.csv, .jsonl or .parquet), so callers
    /// can reject a bad path before any work instead of after it.
    /// </summary>
    public static bool CanExport(string path) =>
        Path.GetExtension(path).ToLowerInvariant() is ".csv" or ".jsonl" or ".parquet";

    /// <summary>
    /// Writes the results to <paramref name="path"/>: <c>.csv</c> (columns <c>index</c>, each parameter name, the
    /// union of every result field (a scalar result in <c>result</c>), <c>error</c> as "Type: message (attempts N)"),
    /// <c>.jsonl</c> (one object per line with the same content) or <c>.parquet</c> (the same columns, each typed
    /// from all its values: int64 index, double/int64/bool/string, text for a field whose type varies; row
    /// groups of at most 65,536 rows). The file is written under a temporary name and renamed when complete,
    /// so a failed export never leaves half a file. Parameters without a stored outcome yet (a running job) are
    /// not exported. <paramref name="metric"/> names the field the summary ranks (default: <c>result</c> or
    /// <c>value</c>, else the first numeric field).
    /// </summary>
    /// <exception cref="ArgumentException">The path does not end in .csv, .jsonl or .parquet.</exception>
    /// <exception cref="JobSpecException"><paramref name="metric"/> is not a numeric field of the job.</exception>
    public static Task<ResultSummary> ExportAsync(IJobStore store, JobInfo job, string path, ResultGoal goal = ResultGoal.Minimize, string? metric = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(job);
        return ExportAsync(store, [job], path, goal, metric, cancellationToken);
    }

    /// <summary>
    /// Writes the results of several jobs that share one parameter space, such as the slices of a static run, to
    /// one file in the order given (slices in slice order give global index order), exactly as
    /// <see cref="ExportAsync(IJobStore, JobInfo, string, ResultGoal, string?, CancellationToken)"/> writes one job.
    /// </summary>
    public static async Task<ResultSummary> ExportAsync(IJobStore store, IReadOnlyList<JobInfo> parts, string path, ResultGoal goal = ResultGoal.Minimize, string? metric = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(parts);
        ArgumentOutOfRangeException.ThrowIfZero(parts.Count);
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var extension = Path.GetExtension(path).ToLowerInvariant();
        if (!CanExport(path))
        {
            throw new ArgumentException($"Cannot export to '{path}': the format is chosen by extension; use a path ending in .csv, .jsonl or .parquet.", nameof(path));
        }

        var plan = JobPlan.FromStoredJson(parts[0].SpecJson);
        var scan = await ResultScan.RunAsync(store, parts, plan, cancellationToken).ConfigureAwait(false);
        var ranked = scan.Columns.Metric(metric);
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var temp = $"{full}.{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}.tmp";
        try
        {
            ResultSummary summary;
            await using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, useAsync: false))
            {
                using IResultRowWriter writer = extension switch
                {
                    ".csv" => new CsvResultWriter(file, scan.Columns),
                    ".jsonl" => new JsonlResultWriter(file, scan.Columns),
                    _ => new ParquetResultWriter(file, scan.Columns, scan.ParameterKinds),
                };
                writer.WriteHeader(plan.Space.Names, scan.Columns.Names);
                summary = await RunAsync(store, parts, plan, goal, scan.Columns, ranked, writer, cancellationToken).ConfigureAwait(false);
                await writer.CompleteAsync(cancellationToken).ConfigureAwait(false);
            }

            File.Move(temp, full, overwrite: true);
            return summary;
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
    }

    /// <summary>The statistics <see cref="ExportAsync(IJobStore, JobInfo, string, ResultGoal, string?, CancellationToken)"/> returns, without writing a file.</summary>
    public static Task<ResultSummary> SummarizeAsync(IJobStore store, JobInfo job, ResultGoal goal = ResultGoal.Minimize, string? metric = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(job);
        return SummarizeAsync(store, [job], goal, metric, cancellationToken);
    }

    /// <summary>The statistics of several jobs over one parameter space (a static run's slices) taken together.</summary>
    public static async Task<ResultSummary> SummarizeAsync(IJobStore store, IReadOnlyList<JobInfo> parts, ResultGoal goal = ResultGoal.Minimize, string? metric = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(parts);
        ArgumentOutOfRangeException.ThrowIfZero(parts.Count);
        var plan = JobPlan.FromStoredJson(parts[0].SpecJson);
        var scan = await ResultScan.RunAsync(store, parts, plan, cancellationToken).ConfigureAwait(false);
        return await RunAsync(store, parts, plan, goal, scan.Columns, scan.Columns.Metric(metric), null, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<ResultSummary> RunAsync(IJobStore store, IReadOnlyList<JobInfo> parts, JobPlan plan, ResultGoal goal, ResultColumns columns, int metric, IResultRowWriter? writer, CancellationToken cancellationToken)
    {
        var summary = new SummaryAccumulator(goal, columns, metric);
        foreach (var part in parts)
        {
            await foreach (var chunk in store.ReadResultsAsync(part.JobId, cancellationToken).ConfigureAwait(false))
            {
                // Rows of an input-file space are decoded only when someone reads them.
                IParameterSource? source = null;
                var needsSource = plan.Space.Names.Count > 0;
                foreach (var outcome in ResultCodec.Decode(chunk))
                {
                    if (needsSource && source is null)
                    {
                        source = plan.Space.SourceFor(chunk.Start, chunk.Payload);
                    }

                    summary.Add(outcome, source);
                    if (writer is not null)
                    {
                        writer.WriteRow(outcome, source);
                        if (writer.IsBatchFull)
                        {
                            await writer.FlushBatchAsync(cancellationToken).ConfigureAwait(false);
                        }
                    }
                }
            }
        }

        return summary.ToSummary();
    }
}
