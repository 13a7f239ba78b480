namespace Ttg.WorkQueue;

/// <summary>What happened to a call made under a lease.</summary>
public enum LeaseOutcome
{
    /// <summary>The caller still held the lease; the call took effect.</summary>
    Accepted = 0,
    /// <summary>The lease expired and another worker took the chunk over, or it was already completed: nothing changed.</summary>
    LeaseLost = 1,
    /// <summary>The job was cancelled or deleted: nothing changed.</summary>
    JobNotRunning = 2,
}
