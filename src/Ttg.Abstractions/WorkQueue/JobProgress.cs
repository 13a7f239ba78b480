namespace Ttg.WorkQueue;

/// <summary>A snapshot of a job's progress.</summary>
public sealed record JobProgress
{
    /// <summary>The job.</summary>
    public required JobInfo Job { get; init; }

    /// <summary>Parameters with a stored result.</summary>
    public required long Succeeded { get; init; }

    /// <summary>Parameters recorded as failed after isolation.</summary>
    public required long Failed { get; init; }

    /// <summary>Chunks waiting to be leased (including those waiting out a retry backoff).</summary>
    public required long PendingChunks { get; init; }

    /// <summary>Chunks currently leased.</summary>
    public required long LeasedChunks { get; init; }

    /// <summary>Chunks completed.</summary>
    public required long CompletedChunks { get; init; }

    /// <summary>Times a chunk was taken back from a worker that died or stopped renewing.</summary>
    public required long ReclaimedChunks { get; init; }

    /// <summary>Parameters recorded per worker id.</summary>
    public required IReadOnlyDictionary<string, long> ParametersByWorker { get; init; }

    /// <summary>The job's recent completions, from which rate and ETA are derived; null when the backend does not record them.</summary>
    public JobPace? Pace { get; init; }

    /// <summary>How the job's speculative copies fared. Default: none copied.</summary>
    public JobSpeculation Speculation { get; init; } = JobSpeculation.None;

    /// <summary>Parameters recorded, succeeded or failed.</summary>
    public long Done => Succeeded + Failed;

    /// <summary>Fraction recorded, 0 to 1.</summary>
    public double Fraction => Job.TotalParameters == 0 ? 1 : (double)Done / Job.TotalParameters;

    /// <summary>True when every parameter is recorded or the job was cancelled.</summary>
    public bool IsFinished => Job.IsFinished;
}
