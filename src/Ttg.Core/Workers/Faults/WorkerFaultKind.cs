namespace Ttg.Workers.Faults;

/// <summary>Why a worker cannot go on computing. Each kind maps to its own documented exit code.</summary>
public enum WorkerFaultKind
{
    /// <summary>A job's computation could not be set up on this worker (it was at submit): restart the worker elsewhere.</summary>
    Setup,

    /// <summary>The computation said this machine lacks what it needs (<see cref="WorkerFaultException"/>).</summary>
    Environment,

    /// <summary>The store cannot be used by this worker (disk full, read-only, corrupt, password refused).</summary>
    Store,

    /// <summary>One of the worker's own stages kept failing: a bug, reported with its exception.</summary>
    Internal,
}
