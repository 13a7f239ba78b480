namespace Ttg.WorkQueue;

/// <summary>What happened to a request to hand back the tail of a leased chunk (<see cref="IWorkQueue.ShrinkAsync"/>).</summary>
public enum ShrinkOutcome
{
    /// <summary>The chunk now holds only the kept part, under the same lease; the remainder is a new pending chunk.</summary>
    Shrunk = 0,
    /// <summary>Not now: the job has other chunks pending, or the chunk has a speculative copy. Nothing changed.</summary>
    Declined = 1,
    /// <summary>The caller no longer holds the chunk (taken over, completed, or the lease is a copy's): nothing changed.</summary>
    LeaseLost = 2,
    /// <summary>The job was cancelled or deleted: nothing changed.</summary>
    JobNotRunning = 3,
}
