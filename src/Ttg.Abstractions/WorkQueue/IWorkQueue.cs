namespace Ttg.WorkQueue;

/// <summary>
/// The worker's side of a backend. Every call made under a lease first checks that the caller still owns
/// the chunk, atomically with its effect, so a worker whose lease was taken over changes nothing.
/// </summary>
public interface IWorkQueue
{
    /// <summary>
    /// Leases up to <see cref="LeaseRequest.MaxChunks"/> chunks: pending ones whose retry delay has passed, and
    /// leased ones whose lease expired (a reclaim). Returns an empty list when there is nothing to take.
    /// </summary>
    Task<IReadOnlyList<ChunkLease>> LeaseAsync(LeaseRequest request, CancellationToken cancellationToken = default);

    /// <summary>Extends the leases the caller still holds by each job's lease duration; returns the ones still held.</summary>
    Task<IReadOnlyList<ChunkLease>> RenewAsync(IReadOnlyList<ChunkLease> leases, CancellationToken cancellationToken = default);

    /// <summary>
    /// Stores the chunk's results and acknowledges it in one atomic step. The first completion wins; a
    /// completion under a lost lease is rejected with <see cref="LeaseOutcome.LeaseLost"/> and changes nothing.
    /// </summary>
    Task<LeaseOutcome> CompleteAsync(ChunkLease lease, ChunkCompletion completion, CancellationToken cancellationToken = default);

    /// <summary>
    /// Completes several chunks, each accepted or rejected exactly as by <see cref="CompleteAsync"/>, in as few
    /// round trips or transactions as the backend can; outcomes are in request order.
    /// </summary>
    Task<IReadOnlyList<LeaseOutcome>> CompleteManyAsync(IReadOnlyList<ChunkCompletionRequest> completions, CancellationToken cancellationToken = default);

    /// <summary>Returns a failed chunk to the queue, leasable again after <paramref name="delay"/>; the attempt stays used.</summary>
    Task<LeaseOutcome> RetryAsync(ChunkLease lease, TimeSpan delay, CancellationToken cancellationToken = default);

    /// <summary>
    /// Replaces a chunk that exhausted its attempts by <paramref name="parts"/> (which cover exactly its range),
    /// each pending with a fresh attempt budget.
    /// </summary>
    Task<LeaseOutcome> SplitAsync(ChunkLease lease, IReadOnlyList<ChunkSpec> parts, CancellationToken cancellationToken = default);

    /// <summary>
    /// Hands the unstarted tail of a leased chunk back, so an idle worker can compute it while the caller finishes the
    /// rest. In one atomic step the chunk keeps only <paramref name="kept"/> (its first parameters and their rows) under
    /// the same lease, token and attempt, and <paramref name="remainder"/> (the rest of its range, contiguous) becomes a
    /// new pending chunk with a fresh attempt budget, so the two ranges partition the chunk and each parameter is still
    /// recorded once. Only while nothing else of the job is pending and the chunk has no speculative copy; otherwise
    /// <see cref="ShrinkOutcome.Declined"/>. A repeated request whose shrink already took effect (the chunk holds
    /// exactly <paramref name="kept"/>) answers <see cref="ShrinkOutcome.Shrunk"/> and changes nothing, so a call whose
    /// answer was lost may be sent again. A copy's lease cannot shrink its chunk (<see cref="ShrinkOutcome.LeaseLost"/>).
    /// </summary>
    /// <exception cref="ArgumentException">The parts do not split the lease's range in two non-empty contiguous parts.</exception>
    Task<ShrinkOutcome> ShrinkAsync(ChunkLease lease, ChunkSpec kept, ChunkSpec remainder, CancellationToken cancellationToken = default);

    /// <summary>Hands chunks back at once (graceful shutdown); their attempt is given back. Lost leases are ignored.</summary>
    Task ReleaseAsync(IReadOnlyList<ChunkLease> leases, CancellationToken cancellationToken = default);

    /// <summary>
    /// Frees every lease held by <paramref name="workerId"/> at once and ends its session, because its process is
    /// known to be dead, or because the worker itself is leaving (its last call after a graceful stop, when it holds
    /// nothing and this only ends its session). Each freed chunk counts as a reclaim. What the loss spends, here as
    /// when the worker's session lapses: queued chunks give their attempt back. A started chunk spends it when the
    /// loss can be pinned on it: its holder had started no other chunk, or an earlier holder of it was lost too
    /// (<see cref="ChunkLease.EarlierHolderLost"/>, so it was meant to be computed alone). Otherwise a dead process
    /// cannot say which of its chunks killed it, and none of them is charged. Every started chunk comes back with <see cref="ChunkLease.EarlierHolderLost"/> set. Returns the
    /// freed chunks as (job id, chunk id) pairs, so the caller can tell when they run elsewhere.
    /// </summary>
    Task<IReadOnlyList<(string JobId, string ChunkId)>> ReleaseWorkerAsync(string workerId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Keeps the worker's session alive in these jobs for <paramref name="liveness"/> more. A worker whose session
    /// lapses is presumed dead: the next lease in that job frees every lease it holds (a reclaim; attempts of
    /// started chunks stay used, those of queued ones are given back), so a killed worker's chunks run elsewhere after the liveness timeout instead of the lease. A
    /// paused worker that resumes finds those leases lost, exactly as after a lease expiry.
    /// </summary>
    Task HeartbeatAsync(string workerId, IReadOnlyCollection<string> jobIds, TimeSpan liveness, CancellationToken cancellationToken = default);

    /// <summary>
    /// Leases a second copy of a straggling chunk to an idle worker (speculative execution), or returns null when
    /// no chunk qualifies (see <see cref="CopyRequest"/>) or the job's copy budget is spent. The first holder's
    /// lease stays valid; the copy's lease has its own token, is renewed and completed like any lease, and whichever
    /// completion arrives first is recorded; the other is answered <see cref="LeaseOutcome.LeaseLost"/>. A copy
    /// cannot retry or split its chunk (answered <see cref="LeaseOutcome.LeaseLost"/>: a parameter's fault is the
    /// first holder's to handle), spends no attempt, and stops counting once its chunk is handed back or taken over.
    /// </summary>
    Task<ChunkLease?> LeaseCopyAsync(CopyRequest request, CancellationToken cancellationToken = default);

    /// <summary>
    /// Marks queued leases (those beyond <see cref="LeaseRequest.StartNow"/>) as started: from now on losing them
    /// spends their attempt. Leases already lost, completed or started are ignored.
    /// </summary>
    Task MarkStartedAsync(IReadOnlyList<ChunkLease> leases, CancellationToken cancellationToken = default);

    /// <summary>
    /// Stores the worker's note in each of <see cref="WorkerNote.JobIds"/>: its host and its fault (null clears
    /// it), shown by <see cref="IJobStore.ListWorkersAsync"/>. Also counts as hearing from the worker. Unknown
    /// or finished jobs are skipped.
    /// </summary>
    Task ReportWorkerAsync(WorkerNote note, CancellationToken cancellationToken = default);

    /// <summary>True while any running job of one of <paramref name="computations"/> has chunks pending or leased.</summary>
    Task<bool> HasOpenWorkAsync(IReadOnlyCollection<string> computations, CancellationToken cancellationToken = default);
}
