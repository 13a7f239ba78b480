using Ttg.Progress;
using Ttg.WorkQueue;

namespace Ttg.Cli.Dashboard;

/// <summary>
/// A job as the dashboard's JSON shows it: its facts and progress, in plain numbers, with the rate and ETA of
/// <see cref="EtaModel"/> (null, with <c>EtaMissing</c> saying why, for finished, cancelled, paused and worker-less jobs).
/// </summary>
internal sealed record JobView(
    string Id,
    string Name,
    string Computation,
    string State,
    long Total,
    long Done,
    long Succeeded,
    long Failed,
    long PendingChunks,
    long LeasedChunks,
    long CompletedChunks,
    long ReclaimedChunks,
    double Fraction,
    DateTimeOffset CreatedAt,
    DateTimeOffset? FinishedAt,
    IReadOnlyDictionary<string, long> ParametersByWorker,
    double? Rate,
    double? EtaSeconds,
    string? EtaMissing,
    int LiveWorkers,
    DateTimeOffset? DeadlineAt,
    bool? OnTrack,
    int? WorkersNeeded,
    long SpeculatedChunks,
    long SpeculationWon,
    long SpeculationWasted)
{
    public static JobView Of(JobProgress progress, DateTimeOffset now, IReadOnlyCollection<string>? liveWorkers = null)
    {
        var estimate = EtaModel.Estimate(progress, liveWorkers);
        return Of(progress, estimate, DeadlinePlan.For(progress, estimate, now));
    }

    /// <summary>The view of a sample the dashboard already estimated, so its pages and metrics agree.</summary>
    public static JobView Of(JobSample sample) => Of(sample.Progress, sample.Estimate, sample.Deadline);

    private static JobView Of(JobProgress progress, EtaEstimate estimate, DeadlineAssessment? deadline)
    {
        var job = progress.Job;
        return new JobView(
            job.JobId, job.Name, job.Computation, job.State.ToString().ToLowerInvariant(), job.TotalParameters,
            progress.Done, progress.Succeeded, progress.Failed, progress.PendingChunks, progress.LeasedChunks,
            progress.CompletedChunks, progress.ReclaimedChunks, progress.Fraction, job.CreatedAt, job.FinishedAt,
            progress.ParametersByWorker, estimate.Rate, estimate.Eta?.TotalSeconds, estimate.Missing, estimate.LiveWorkers,
            deadline?.Due, deadline?.OnTrack, deadline?.WorkersNeeded,
            progress.Speculation.Copies, progress.Speculation.Won, progress.Speculation.Wasted);
    }
}
