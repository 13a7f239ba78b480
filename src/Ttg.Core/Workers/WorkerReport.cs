namespace Ttg.Workers;

/// <summary>What a worker did before it stopped.</summary>
/// <param name="ChunksCompleted">Chunks whose results this worker stored.</param>
/// <param name="ParametersSucceeded">Parameters with a result stored by this worker.</param>
/// <param name="ParametersFailed">Parameters this worker recorded as failed.</param>
/// <param name="Retries">Chunks this worker returned for a retry.</param>
/// <param name="Splits">Chunks this worker split in halves.</param>
/// <param name="LeasesLost">Completions rejected because the lease had been taken over.</param>
/// <param name="Released">Chunks handed back at shutdown.</param>
public sealed record WorkerReport(long ChunksCompleted, long ParametersSucceeded, long ParametersFailed, long Retries, long Splits, long LeasesLost, long Released)
{
    /// <summary>The worker fault that stopped the worker (set-up failed here, the store is unusable), or null when it stopped as asked or ran out of work.</summary>
    public Faults.WorkerFault? Fault { get; init; }
}
