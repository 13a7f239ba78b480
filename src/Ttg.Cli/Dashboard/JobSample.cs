using Ttg.Cli.Rendering;
using Ttg.Progress;
using Ttg.WorkQueue;

namespace Ttg.Cli.Dashboard;

/// <summary>
/// One job as the sampler last read it: its progress, its workers, and what <see cref="EtaModel"/> and
/// <see cref="DeadlinePlan"/> make of them, so the pages, the JSON and the metrics show the numbers <c>ttg status</c> shows.
/// </summary>
/// <param name="Progress">The store's progress of the job.</param>
/// <param name="Workers">The job's worker sessions, live and lapsed, as the store lists them.</param>
/// <param name="Estimate">The shared rate and ETA (or why there is none).</param>
/// <param name="Deadline">How the job stands against its deadline; null when it has none.</param>
internal sealed record JobSample(JobProgress Progress, IReadOnlyList<WorkerSessionInfo> Workers, EtaEstimate Estimate, DeadlineAssessment? Deadline)
{
    public string JobId => Progress.Job.JobId;

    /// <summary>Workers whose session has not lapsed.</summary>
    public long LiveSessions => Workers.Count(w => w.Alive);

    /// <summary>Workers whose session lapsed (killed, partitioned, or stopped renewing) without ending.</summary>
    public long LapsedSessions => Workers.Count(w => !w.Alive);

    /// <summary>Workers whose latest note is a worker fault (set-up failed here, store unusable): they hand work back and leave.</summary>
    public long FaultedWorkers => Workers.Count(w => w.Fault is not null);

    /// <summary>Estimates the job the way every view does (<see cref="LiveWorkerIds"/> decides which workers count).</summary>
    public static JobSample Of(JobProgress progress, IReadOnlyList<WorkerSessionInfo> workers, DateTimeOffset now)
    {
        var estimate = EtaModel.Estimate(progress, LiveWorkerIds.From(workers));
        return new JobSample(progress, workers, estimate, DeadlinePlan.For(progress, estimate, now));
    }
}
