using Ttg.WorkQueue;

namespace Ttg.Cli.Dashboard;

/// <summary>One job as the sampler last read it, with its smoothed rate and the time left at that rate.</summary>
/// <param name="Progress">The store's progress of the job.</param>
/// <param name="Rate">Parameters per second over the recent window; null until known, 0 when nothing moves.</param>
/// <param name="Eta">Time left at <paramref name="Rate"/>; null when finished, paused, or the rate is unknown or 0.</param>
internal sealed record JobSample(JobProgress Progress, double? Rate, TimeSpan? Eta)
{
    public string JobId => Progress.Job.JobId;

    public static JobSample Of(JobProgress progress, double? rate)
    {
        var remaining = progress.Job.TotalParameters - progress.Done;
        var moving = progress.Job.State == JobState.Running && rate > 0 && remaining > 0;
        return new JobSample(progress, rate, moving ? TimeSpan.FromSeconds(remaining / rate!.Value) : null);
    }
}
