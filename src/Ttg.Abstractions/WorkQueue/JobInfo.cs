namespace Ttg.WorkQueue;

/// <summary>A stored job as a backend reports it.</summary>
public sealed record JobInfo
{
    /// <summary>The job's id.</summary>
    public required string JobId { get; init; }

    /// <summary>The job's human name.</summary>
    public required string Name { get; init; }

    /// <summary>The computation that runs the job.</summary>
    public required string Computation { get; init; }

    /// <summary>Number of parameters.</summary>
    public required long TotalParameters { get; init; }

    /// <summary>Number of chunks at submission (splits add more later).</summary>
    public required int ChunkCount { get; init; }

    /// <summary>Lease duration.</summary>
    public required TimeSpan Lease { get; init; }

    /// <summary>Attempts before a chunk is split.</summary>
    public required int MaxAttempts { get; init; }

    /// <summary>The job spec JSON given at submission.</summary>
    public required string SpecJson { get; init; }

    /// <summary>When the job was submitted.</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>The job's state.</summary>
    public required JobState State { get; init; }

    /// <summary>True once the job is completed or cancelled: nothing more will be recorded (a paused job is not finished).</summary>
    public bool IsFinished => State is JobState.Completed or JobState.Cancelled;

    /// <summary>When the last parameter was recorded or the job was cancelled; null while running.</summary>
    public DateTimeOffset? FinishedAt { get; init; }
}
