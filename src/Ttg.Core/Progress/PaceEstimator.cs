using Ttg.WorkQueue;

namespace Ttg.Progress;

/// <summary>
/// Measures each worker's pace (parameters per second) from a job's stored completions: the least-squares slope
/// of the worker's cumulative count over the last <see cref="Window"/>. Completions arrive in lumps (a chunk at a
/// time, often two at once), so differencing two polls flickers between zero and twice the rate; the slope over
/// several lumps does not. A worker that stopped completing falls toward zero as its silence grows.
/// </summary>
internal static class PaceEstimator
{
    /// <summary>The span of completions each worker's pace is fitted over: 30 s.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromSeconds(30);

    /// <summary>Each worker's measured pace with its last completion; workers with fewer than two completions are absent.</summary>
    public static IReadOnlyDictionary<string, WorkerPace> Measure(JobPace pace)
    {
        ArgumentNullException.ThrowIfNull(pace);
        var result = new Dictionary<string, WorkerPace>(StringComparer.Ordinal);
        foreach (var group in pace.Recent.GroupBy(s => s.WorkerId, StringComparer.Ordinal))
        {
            var all = group.OrderBy(s => s.At).ToList();
            var recent = all.Where(s => pace.AsOf - s.At <= Window).ToList();
            var samples = recent.Count >= 2 ? recent : all.TakeLast(2).ToList();
            if (samples.Count < 2 || samples[^1].At <= samples[0].At)
            {
                continue;
            }

            var last = samples[^1].At;
            var gap = (last - samples[0].At).TotalSeconds / (samples.Count - 1);
            var idle = (pace.AsOf - last).TotalSeconds;
            result[group.Key] = new WorkerPace(group.Key, Slope(samples, idle > 1.5 * gap ? pace.AsOf : null), last, TimeSpan.FromSeconds(gap));
        }

        return result;
    }

    /// <summary>
    /// The slope of cumulative parameters over time (each point is the count after a completion). When the worker
    /// has been silent for longer than its usual gap, the pace is at most what it recorded since its first sample
    /// divided by the time until <paramref name="silentUntil"/>, so a stopped worker's pace falls instead of freezing.
    /// </summary>
    private static double Slope(List<PaceSample> samples, DateTimeOffset? silentUntil)
    {
        var origin = samples[0].At;
        var points = new List<(double T, double C)>(samples.Count);
        double cumulative = 0;
        foreach (var sample in samples)
        {
            cumulative += sample.Parameters;
            points.Add(((sample.At - origin).TotalSeconds, cumulative));
        }

        var meanT = points.Average(p => p.T);
        var meanC = points.Average(p => p.C);
        double num = 0, den = 0;
        foreach (var (t, c) in points)
        {
            num += (t - meanT) * (c - meanC);
            den += (t - meanT) * (t - meanT);
        }

        var slope = den <= 0 ? 0 : Math.Max(0, num / den);
        return silentUntil is { } until
            ? Math.Min(slope, (cumulative - samples[0].Parameters) / (until - origin).TotalSeconds)
            : slope;
    }
}
