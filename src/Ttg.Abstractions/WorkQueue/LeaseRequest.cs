namespace Ttg.WorkQueue;

/// <summary>A worker's request for chunks.</summary>
/// <param name="WorkerId">The worker's unique id; leases are held in its name.</param>
/// <param name="MaxChunks">At most this many chunks are returned (fewer, or none, when less is available).</param>
/// <param name="Computations">Only chunks of jobs with one of these computations are leased.</param>
public sealed record LeaseRequest(string WorkerId, int MaxChunks, IReadOnlyCollection<string> Computations)
{
    /// <summary>When set, only chunks of these jobs are leased (static mode works one job alone). Default: every running job.</summary>
    public IReadOnlyCollection<string>? JobIds { get; init; }

    /// <summary>
    /// When positive, leasing also opens or extends the worker's session in the jobs it leases from: if no
    /// lease or <see cref="IWorkQueue.HeartbeatAsync"/> call is heard from the worker for this long, other
    /// workers take its chunks over without waiting for each lease to expire. Default: zero (leases alone).
    /// </summary>
    public TimeSpan Liveness { get; init; }

    /// <summary>
    /// How many of the returned leases count as started (being computed) from the moment they are leased; the
    /// rest are queued (prefetched) until <see cref="IWorkQueue.MarkStartedAsync"/>. A queued chunk freed because
    /// its holder died, fell silent or let its lease expire goes back with its attempt given back; a started one
    /// may spend it (see <see cref="IWorkQueue.ReleaseWorkerAsync"/>). Only a chunk's first attempt may start at
    /// lease: a lease with <see cref="ChunkLease.Attempt"/> above 1 (a takeover after its holder died computing it,
    /// or a retry) or with <see cref="ChunkLease.EarlierHolderLost"/> stays queued until marked, so a worker killed
    /// between such a lease and its start is not charged again for an earlier death. Each lease's
    /// <see cref="ChunkLease.StartedAtLease"/> says which way it went. Default: null, every returned lease counts
    /// as started.
    /// </summary>
    public int? StartNow { get; init; }
}
