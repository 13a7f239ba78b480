using Ttg.WorkQueue;

namespace Ttg.Progress;

/// <summary>
/// The ETA of a job from a cost model rather than an extrapolated rate: the remaining parameters divided by the
/// throughput of the workers that are live now, each at its own measured pace (a live worker not yet measured
/// counts at the mean pace of the others). A worker that died stops counting at once, and one that joined counts
/// before it has a history. No ETA is given for a job that is finished, cancelled, paused or has no live worker.
/// </summary>
public static class EtaModel
{
    /// <summary>A worker not in the store's live list is presumed gone after this much silence or three of its usual gaps, whichever is longer: 10 s.</summary>
    public static readonly TimeSpan Silence = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Estimates rate and ETA. <paramref name="liveWorkers"/> are the workers with a live session in the job, from
    /// the store; when null, workers that completed recently count as live.
    /// </summary>
    public static EtaEstimate Estimate(JobProgress progress, IReadOnlyCollection<string>? liveWorkers = null)
    {
        ArgumentNullException.ThrowIfNull(progress);
        switch (progress.Job.State)
        {
            case JobState.Completed:
                return EtaEstimate.None("finished");
            case JobState.Cancelled:
                return EtaEstimate.None("cancelled");
            case JobState.Paused:
                return EtaEstimate.None("paused");
        }

        var remaining = Math.Max(0, progress.Job.TotalParameters - progress.Done);
        var paces = progress.Pace is { } pace ? PaceEstimator.Measure(pace) : new Dictionary<string, WorkerPace>();
        var asOf = progress.Pace?.AsOf;
        var live = liveWorkers is not null
            ? new HashSet<string>(liveWorkers, StringComparer.Ordinal)
            : paces.Values.Where(p => asOf - p.LastCompletion <= Max(Silence, 3 * p.TypicalGap)).Select(p => p.WorkerId).ToHashSet(StringComparer.Ordinal);
        if (live.Count == 0)
        {
            // Without sessions, a worker holding leases but not yet measured may still be computing its first chunks.
            return liveWorkers is null && progress.LeasedChunks > 0 ? EtaEstimate.None("measuring") : EtaEstimate.None("no live workers");
        }

        var measured = paces.Values.Where(p => live.Contains(p.WorkerId) && p.PerSecond > 0).Select(p => p.PerSecond).ToList();
        if (measured.Count == 0)
        {
            return EtaEstimate.None("measuring", live.Count);
        }

        var mean = measured.Average();
        var throughput = measured.Sum() + (live.Count - measured.Count) * mean;
        return new EtaEstimate(measured.Sum(), TimeSpan.FromSeconds(remaining / throughput), null, live.Count, mean);
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
