namespace Ttg.WorkQueue;

/// <summary>Everything a backend stores when a job is submitted. Backends keep <see cref="SpecJson"/> opaque.</summary>
public sealed record JobSubmission
{
    /// <summary>The job's id, unique in the backend (made by the submitter).</summary>
    public required string JobId { get; init; }

    /// <summary>A human name; defaults to the computation's name.</summary>
    public required string Name { get; init; }

    /// <summary>The computation a worker must have registered to take this job's chunks.</summary>
    public required string Computation { get; init; }

    /// <summary>Number of parameters; the chunks cover that many distinct indices exactly once (0..TotalParameters-1, or a static slice's block).</summary>
    public required long TotalParameters { get; init; }

    /// <summary>How long a lease lasts unless renewed.</summary>
    public required TimeSpan Lease { get; init; }

    /// <summary>How many times a chunk is attempted before it is split (or, alone, recorded as failed).</summary>
    public required int MaxAttempts { get; init; }

    /// <summary>The job spec as JSON, returned unchanged by <see cref="JobInfo.SpecJson"/>.</summary>
    public required string SpecJson { get; init; }

    /// <summary>Number of chunks in <see cref="Chunks"/>.</summary>
    public required int ChunkCount { get; init; }

    /// <summary>The chunks, in index order; enumerated once.</summary>
    public required IEnumerable<ChunkSpec> Chunks { get; init; }
}
