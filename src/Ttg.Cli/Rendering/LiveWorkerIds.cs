using Ttg.WorkQueue;

namespace Ttg.Cli.Rendering;

/// <summary>The workers that count as live for a job's ETA, from the store's sessions.</summary>
internal static class LiveWorkerIds
{
    /// <summary>
    /// Workers whose session is alive and who report no fault (a faulted worker computes nothing). Null when the store
    /// knows no worker of the job: workers without sessions (<c>--liveness 0</c>) are then judged by their completions.
    /// </summary>
    public static async Task<IReadOnlyCollection<string>?> ReadAsync(IJobStore store, string jobId, CancellationToken cancellationToken) =>
        From(await store.ListWorkersAsync(jobId, cancellationToken).ConfigureAwait(false));

    /// <summary>The same choice from sessions already read.</summary>
    public static IReadOnlyCollection<string>? From(IReadOnlyList<WorkerSessionInfo> workers) =>
        workers.Count == 0 ? null : [.. workers.Where(w => w.Alive && w.Fault is null).Select(w => w.WorkerId)];
}
