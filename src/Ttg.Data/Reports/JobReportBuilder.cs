using System.Globalization;
using Ttg.Jobs;
using Ttg.Results;
using Ttg.Spaces;
using Ttg.WorkQueue;

namespace Ttg.Reports;

/// <summary>
/// Gathers a <see cref="JobReport"/> from a job's stored results in two streaming passes (after a scan of the fields,
/// the first finds the ranges the histograms' bins need), one chunk at a time, so memory does not grow with the job.
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
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(time);
        var plan = JobPlan.FromStoredJson(job.SpecJson);
        var columns = (await ResultScan.RunAsync(store, [job], plan, cancellationToken).ConfigureAwait(false)).Columns;
        var ranked = columns.Metric(metric);
        var summary = new SummaryAccumulator(goal, columns, ranked);
        var heatmap = Heatmap.For(plan.Space, goal);
        var numeric = Enumerable.Range(0, columns.Names.Count).Where(c => columns.Kinds[c] is ValueKind.Double or ValueKind.Int64).ToArray();
        var min = numeric.Select(_ => double.PositiveInfinity).ToArray();
        var max = numeric.Select(_ => double.NegativeInfinity).ToArray();
        await foreach (var (outcome, source) in ReadAsync(store, job, plan, cancellationToken).ConfigureAwait(false))
        {
            summary.Add(outcome, source);
            if (!outcome.Succeeded)
            {
                continue;
            }

            if (summary.Number(outcome.Result) is { } number && double.IsFinite(number))
            {
                heatmap?.Add(outcome.Index, number);
            }

            for (var n = 0; n < numeric.Length; n++)
            {
                if (Finite(columns, outcome.Result, numeric[n]) is { } value)
                {
                    min[n] = Math.Min(min[n], value);
                    max[n] = Math.Max(max[n], value);
                }
            }
        }

        // One histogram per numeric field, the ranked one first; a second pass fills them with the bins fixed.
        var histograms = numeric.Select((c, n) => (Column: c, Histogram: min[n] <= max[n] ? new Histogram(min[n], max[n]) : null))
            .Where(h => h.Histogram is not null).OrderBy(h => h.Column == ranked ? 0 : 1).ToList();
        if (histograms.Count > 0)
        {
            await foreach (var (outcome, _) in ReadAsync(store, job, plan, cancellationToken).ConfigureAwait(false))
            {
                foreach (var (column, histogram) in histograms)
                {
                    if (outcome.Succeeded && Finite(columns, outcome.Result, column) is { } value)
                    {
                        histogram!.Add(value);
                    }
                }
            }
        }

        return new JobReport
        {
            Job = job,
            Space = Describe(plan.Space),
            Goal = goal,
            Summary = summary.ToSummary(),
            Histogram = histograms.FirstOrDefault(h => h.Column == ranked).Histogram,
            Histograms = [.. histograms.Select(h => KeyValuePair.Create(columns.Names[h.Column], h.Histogram!))],
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

    private static async IAsyncEnumerable<(ParameterOutcome Outcome, IParameterSource? Source)> ReadAsync(IJobStore store, JobInfo job, JobPlan plan, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var chunk in store.ReadResultsAsync(job.JobId, cancellationToken).ConfigureAwait(false))
        {
            var source = plan.Space.Names.Count > 0 ? plan.Space.SourceFor(chunk.Start, chunk.Payload) : null;
            foreach (var outcome in ResultCodec.Decode(chunk))
            {
                yield return (outcome, source);
            }
        }
    }
}
