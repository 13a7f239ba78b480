using System.Globalization;
using Ttg.Jobs;
using Ttg.Results;
using Ttg.Spaces;
using Ttg.WorkQueue;

namespace Ttg.Reports;

/// <summary>
/// Gathers a <see cref="JobReport"/> from the read model of a job's results (<see cref="JobResults"/>): the summary and
/// every field's range come from its one decoding pass; the histograms' bins and the heatmap take one more pass over
/// its outcomes (kept in memory up to <see cref="JobResults.MaxKeptOutcomes"/>, else read again chunk by chunk), so
/// memory does not grow with the job.
/// </summary>
public static class JobReportBuilder
{
    /// <summary>Reads the job's results and returns its report.</summary>
    /// <exception cref="JobSpecException">The stored spec cannot be read by this version.</exception>
    public static Task<JobReport> BuildAsync(IJobStore store, JobInfo job, ResultGoal goal, TimeProvider time, CancellationToken cancellationToken = default) =>
        BuildAsync(store, job, goal, null, time, cancellationToken);

    /// <summary>
    /// Reads the job's results and returns its report, ranking <paramref name="metric"/> (default: <c>result</c> or
    /// <c>value</c>, else the first numeric field), with a histogram of every numeric field.
    /// </summary>
    /// <exception cref="JobSpecException">The stored spec cannot be read, or <paramref name="metric"/> is not a numeric field.</exception>
    public static async Task<JobReport> BuildAsync(IJobStore store, JobInfo job, ResultGoal goal, string? metric, TimeProvider time, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(time);
        var results = await JobResults.ReadAsync(store, job, cancellationToken).ConfigureAwait(false);
        return await BuildAsync(results, goal, metric, time, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The report of results already read (of their first job), ranking <paramref name="metric"/> as the other overload does.</summary>
    /// <exception cref="JobSpecException"><paramref name="metric"/> is not a numeric field.</exception>
    public static async Task<JobReport> BuildAsync(JobResults results, ResultGoal goal, string? metric, TimeProvider time, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(results);
        ArgumentNullException.ThrowIfNull(time);
        var summary = results.Summarize(goal, metric);
        var columns = results.Columns;
        var ranked = columns.Metric(metric);
        var heatmap = Heatmap.For(results.Plan.Space, goal);

        // One histogram per numeric field with a finite value, the ranked one first; the bins span the field's range.
        var histograms = new List<(int Column, Histogram Histogram)>();
        for (var c = 0; c < columns.Names.Count; c++)
        {
            if (columns.Kinds[c] is ValueKind.Double or ValueKind.Int64 && results.FiniteRangeOf(columns.Names[c]) is { } range)
            {
                histograms.Add((c, new Histogram(range.Min, range.Max)));
            }
        }

        histograms = [.. histograms.OrderBy(h => h.Column == ranked ? 0 : 1)];
        if (heatmap is not null || histograms.Count > 0)
        {
            await foreach (var chunk in results.ChunksAsync(cancellationToken).ConfigureAwait(false))
            {
                foreach (var outcome in chunk.Outcomes)
                {
                    if (!outcome.Succeeded)
                    {
                        continue;
                    }

                    if (heatmap is not null && ranked >= 0 && Finite(columns, outcome.Result, ranked) is { } number)
                    {
                        heatmap.Add(outcome.Index, number);
                    }

                    foreach (var (column, histogram) in histograms)
                    {
                        if (Finite(columns, outcome.Result, column) is { } value)
                        {
                            histogram.Add(value);
                        }
                    }
                }
            }
        }

        return new JobReport
        {
            Job = results.Parts[0],
            Space = Describe(results.Plan.Space),
            Goal = goal,
            Summary = summary,
            Histogram = histograms.FirstOrDefault(h => h.Column == ranked).Histogram,
            Histograms = [.. histograms.Select(h => KeyValuePair.Create(columns.Names[h.Column], h.Histogram))],
            Heatmap = heatmap,
            GeneratedAt = time.GetUtcNow(),
        };
    }

    private static double? Finite(ResultColumns columns, in Result result, int column) =>
        columns.ValueOf(result, column) is { IsNumber: true } value && double.IsFinite(value.AsDouble()) ? value.AsDouble() : null;

    private static string Describe(ParameterSpace space) => space switch
    {
        GridSpace grid => $"grid {grid.Text}",
        SampledSpace sample => string.Create(CultureInfo.InvariantCulture, $"sample {sample.Sample} (seed {sample.Seed}) over {sample.Grid}"),
        RangeSpace range => string.Create(CultureInfo.InvariantCulture, $"params {range.Count:N0}"),
        _ => string.Create(CultureInfo.InvariantCulture, $"input rows {space.Count:N0} ({string.Join(", ", space.Names)})"),
    };
}
