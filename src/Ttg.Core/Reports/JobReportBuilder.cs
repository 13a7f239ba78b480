using System.Globalization;
using Ttg.Jobs;
using Ttg.Results;
using Ttg.Spaces;
using Ttg.WorkQueue;

namespace Ttg.Reports;

/// <summary>
/// Gathers a <see cref="JobReport"/> from a job's stored results in two streaming passes (the first finds the
/// range the histogram's bins need), one chunk at a time, so memory does not grow with the job.
/// </summary>
public static class JobReportBuilder
{
    /// <summary>Reads the job's results and returns its report.</summary>
    /// <exception cref="JobSpecException">The stored spec cannot be read by this version.</exception>
    public static async Task<JobReport> BuildAsync(IJobStore store, JobInfo job, ResultGoal goal, TimeProvider time, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(time);
        var plan = JobPlan.FromStoredJson(job.SpecJson);
        var summary = new SummaryAccumulator(goal);
        var heatmap = Heatmap.For(plan.Space, goal);
        double min = double.PositiveInfinity, max = double.NegativeInfinity;
        await foreach (var (outcome, source) in ReadAsync(store, job, plan, cancellationToken).ConfigureAwait(false))
        {
            summary.Add(outcome, source);
            if (outcome.Succeeded && outcome.Result.PrimaryNumber is { } number && double.IsFinite(number))
            {
                min = Math.Min(min, number);
                max = Math.Max(max, number);
                heatmap?.Add(outcome.Index, number);
            }
        }

        Histogram? histogram = null;
        if (min <= max)
        {
            histogram = new Histogram(min, max);
            await foreach (var (outcome, _) in ReadAsync(store, job, plan, cancellationToken).ConfigureAwait(false))
            {
                if (outcome.Succeeded && outcome.Result.PrimaryNumber is { } number)
                {
                    histogram.Add(number);
                }
            }
        }

        return new JobReport
        {
            Job = job,
            Space = Describe(plan.Space),
            Goal = goal,
            Summary = summary.ToSummary(),
            Histogram = histogram,
            Heatmap = heatmap,
            GeneratedAt = time.GetUtcNow(),
        };
    }

    private static string Describe(ParameterSpace space) => space switch
    {
        GridSpace grid => $"grid {grid.Text}",
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
