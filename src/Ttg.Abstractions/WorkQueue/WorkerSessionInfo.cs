namespace Ttg.WorkQueue;

/// <summary>One worker of a job as <see cref="IJobStore.ListWorkersAsync"/> reports it.</summary>
public sealed record WorkerSessionInfo
{
    /// <summary>The worker's id.</summary>
    public required string WorkerId { get; init; }

    /// <summary>The machine it reported, or null when it never sent a <see cref="WorkerNote"/> with a host.</summary>
    public string? Host { get; init; }

    /// <summary>When the worker was last heard from (a lease with a session, a heartbeat or a note).</summary>
    public required DateTimeOffset LastSeen { get; init; }

    /// <summary>True while its session has not lapsed; false once it lapsed, was ended or never existed.</summary>
    public required bool Alive { get; init; }

    /// <summary>The fault it reported, or null when none (or cleared).</summary>
    public string? Fault { get; init; }

    /// <summary>When the current fault was first reported; null without a fault.</summary>
    public DateTimeOffset? FaultAt { get; init; }

    /// <summary>Chunks of the job it holds leased now.</summary>
    public required long ChunksHeld { get; init; }
}
