using Ttg.WorkQueue;

namespace Ttg.Workers;

/// <summary>Tag values and the store's answers, as chunk outcomes.</summary>
internal static class ChunkOutcomes
{
    /// <summary>What a call under the lease meant for the chunk: <paramref name="intended"/> when the store accepted it; no answer means the worker gave up.</summary>
    public static ChunkOutcome After(LeaseOutcome? answer, ChunkOutcome intended) => answer switch
    {
        LeaseOutcome.Accepted => intended,
        LeaseOutcome.LeaseLost => ChunkOutcome.LeaseLost,
        LeaseOutcome.JobNotRunning => ChunkOutcome.JobGone,
        _ => ChunkOutcome.Abandoned,
    };

    /// <summary>The value of the trace's outcome tag.</summary>
    public static string TagValue(this ChunkOutcome outcome) => outcome switch
    {
        ChunkOutcome.Completed => "completed",
        ChunkOutcome.Retried => "retried",
        ChunkOutcome.Split => "split",
        ChunkOutcome.Released => "released",
        ChunkOutcome.LeaseLost => "lease_lost",
        ChunkOutcome.JobGone => "job_gone",
        _ => "abandoned",
    };
}
