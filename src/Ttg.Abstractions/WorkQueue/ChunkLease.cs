namespace Ttg.WorkQueue;

/// <summary>A chunk held by one worker until its lease expires, it completes, or it is released.</summary>
public sealed record ChunkLease
{
    /// <summary>The chunk's job.</summary>
    public required string JobId { get; init; }

    /// <summary>The chunk's id, unique within the job (split halves get new ids).</summary>
    public required string ChunkId { get; init; }

    /// <summary>Index of the chunk's first parameter.</summary>
    public required long Start { get; init; }

    /// <summary>Number of parameters.</summary>
    public required int Count { get; init; }

    /// <summary>
    /// Which attempt this lease is, from 1. Each started lease counts, including one whose holder died while
    /// computing it; a graceful <see cref="IWorkQueue.ReleaseAsync"/> gives the attempt back, and so does the
    /// loss of a lease that was only queued (see <see cref="LeaseRequest.StartNow"/>).
    /// </summary>
    public required int Attempt { get; init; }

    /// <summary>
    /// Whether the store counts this lease as started (being computed) from the moment it was leased: its loss
    /// spends the attempt. When false the lease is queued until <see cref="IWorkQueue.MarkStartedAsync"/>; see
    /// <see cref="LeaseRequest.StartNow"/> for which leases start at once.
    /// </summary>
    public bool StartedAtLease { get; init; }

    /// <summary>
    /// True when an earlier holder of this chunk, or of the chunk it was split or shrunk from, was lost while
    /// computing it (it died, froze or was cut off). A worker computes such a chunk alone, so that a repeat loss can
    /// be pinned on it: see <see cref="IWorkQueue.ReleaseWorkerAsync"/> for what a loss spends.
    /// </summary>
    public bool EarlierHolderLost { get; init; }

    /// <summary>The worker holding the lease.</summary>
    public required string WorkerId { get; init; }

    /// <summary>Backend-specific proof of ownership; a lease taken over by another worker has a different token.</summary>
    public required string Token { get; init; }

    /// <summary>Rows carried by the chunk (input-file spaces); empty otherwise.</summary>
    public ReadOnlyMemory<byte> Payload { get; init; }
}
