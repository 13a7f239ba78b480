using System.Globalization;
using Ttg.Jobs;
using Ttg.WorkQueue;

namespace Ttg.Progress;

/// <summary>
/// Sizes a job's pool for its deadline: the remaining parameters over the measured pace of one worker and the time
/// left give the workers needed (rounded up). The pace is each live worker's, so a worker added at this pace speeds
/// the job up by that much, which holds while the job has more chunks than slots.
/// </summary>
public static class DeadlinePlan
{
    /// <summary>The job's deadline assessment, or null when its spec has no deadline. <paramref name="now"/> defaults to the store's clock of the progress.</summary>
    public static DeadlineAssessment? For(JobProgress progress, EtaEstimate estimate, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(progress);
        var job = progress.Job;
        return JobDeadline.Read(job.SpecJson) is { } deadline
            ? Assess(estimate, Math.Max(0, job.TotalParameters - progress.Done), job.CreatedAt + deadline, progress.Pace?.AsOf ?? now, job.IsFinished, job.FinishedAt)
            : null;
    }

    /// <summary>Assesses a running job against <paramref name="due"/> at <paramref name="now"/> (the store's clock when known).</summary>
    public static DeadlineAssessment Assess(EtaEstimate estimate, long remaining, DateTimeOffset due, DateTimeOffset now, bool finished, DateTimeOffset? finishedAt)
    {
        ArgumentNullException.ThrowIfNull(estimate);
        var at = due.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + " UTC";
        if (finished)
        {
            var met = finishedAt is { } end && end <= due;
            return new DeadlineAssessment(due, met, null, $"deadline {at}: {(met ? "met" : "missed")}");
        }

        var left = due - now;
        if (left <= TimeSpan.Zero)
        {
            return new DeadlineAssessment(due, false, null, $"deadline {at}: passed {Span(-left)} ago with {remaining:N0} parameters left");
        }

        var prefix = $"deadline {at} (in {Span(left)})";
        if (estimate.PerWorkerRate is not { } pace || pace <= 0)
        {
            return new DeadlineAssessment(due, null, null, $"{prefix}: workers needed unknown until a worker's pace is measured ({estimate.Missing ?? "measuring"})");
        }

        var needed = (int)Math.Max(1, Math.Ceiling(remaining / (pace * left.TotalSeconds)));
        bool? onTrack = estimate.Eta is { } eta ? eta <= left : null;
        var verdict = onTrack == true ? "on track" : "behind";
        return new DeadlineAssessment(due, onTrack, needed, $"{prefix}: {verdict}, needs {needed:N0} worker{(needed == 1 ? "" : "s")} ({estimate.LiveWorkers} live)");
    }

    private static string Span(TimeSpan span) => span.TotalHours >= 1
        ? $"{(int)span.TotalHours}:{span.Minutes:00}:{span.Seconds:00}"
        : $"{span.Minutes:00}:{span.Seconds:00}";
}
