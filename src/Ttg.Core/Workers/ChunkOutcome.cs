namespace Ttg.Workers;

/// <summary>Why a chunk left the worker: what its trace ends with (<see cref="Telemetry.TtgTracing.OutcomeTag"/>).</summary>
internal enum ChunkOutcome
{
    /// <summary>The store took its results.</summary>
    Completed,

    /// <summary>A parameter failed and the chunk was put back for a later attempt.</summary>
    Retried,

    /// <summary>The chunk was split to isolate a failing or hung parameter.</summary>
    Split,

    /// <summary>Handed back with its attempt (shutdown, a worker fault, an outage, a copy that is not needed).</summary>
    Released,

    /// <summary>Another holder owns or finished the chunk.</summary>
    LeaseLost,

    /// <summary>The job was deleted or cancelled meanwhile.</summary>
    JobGone,

    /// <summary>The worker gave up on the store: the lease lapses and the chunk is computed elsewhere.</summary>
    Abandoned,
}
