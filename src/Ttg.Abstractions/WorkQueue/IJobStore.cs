namespace Ttg.WorkQueue;

/// <summary>The submitter's and the reader's side of a backend: jobs, progress and results.</summary>
public interface IJobStore
{
    /// <summary>Stores the job and makes its chunks leasable.</summary>
    /// <exception cref="InvalidOperationException">A job with the same id exists.</exception>
    Task<JobInfo> SubmitAsync(JobSubmission submission, CancellationToken cancellationToken = default);

    /// <summary>The job, or null when unknown.</summary>
    Task<JobInfo?> GetJobAsync(string jobId, CancellationToken cancellationToken = default);

    /// <summary>Every stored job, newest first.</summary>
    Task<IReadOnlyList<JobInfo>> ListJobsAsync(CancellationToken cancellationToken = default);

    /// <summary>The job's progress, or null when unknown.</summary>
    Task<JobProgress?> GetProgressAsync(string jobId, CancellationToken cancellationToken = default);

    /// <summary>One chunk's state, or null when unknown.</summary>
    Task<ChunkStatus?> GetChunkStatusAsync(string jobId, string chunkId, CancellationToken cancellationToken = default);

    /// <summary>The stored results of every completed chunk, in index order.</summary>
    IAsyncEnumerable<StoredChunk> ReadResultsAsync(string jobId, CancellationToken cancellationToken = default);

    /// <summary>
    /// The workers heard from in the job: those that leased with a session (<see cref="LeaseRequest.Liveness"/>),
    /// sent a heartbeat for it, or reported a note, ordered by worker id. Empty when the job is unknown.
    /// </summary>
    Task<IReadOnlyList<WorkerSessionInfo>> ListWorkersAsync(string jobId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Re-queues the parameters recorded as failed, after the user fixed the cause: they go back to pending with a
    /// fresh attempt budget and their failure records are removed, so each parameter keeps exactly one result once
    /// recomputed; a completed job runs again, succeeded results are untouched. Returns how many parameters were
    /// re-queued: 0 when none failed, or the job is unknown or cancelled. Only chunks whose parameters all failed are
    /// re-queued (how workers record failures: a failing parameter isolated alone).
    /// </summary>
    Task<long> RetryFailedAsync(string jobId, CancellationToken cancellationToken = default);

    /// <summary>Stops leasing the job's chunks and rejects later completions; stored results stay. False when unknown, finished or cancelled.</summary>
    Task<bool> CancelAsync(string jobId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Stops leasing the job's chunks until <see cref="ResumeAsync"/>; chunks already leased are still computed,
    /// renewed and recorded. False unless the job was running.
    /// </summary>
    Task<bool> PauseAsync(string jobId, CancellationToken cancellationToken = default);

    /// <summary>Makes a paused job's chunks leasable again. False unless the job was paused.</summary>
    Task<bool> ResumeAsync(string jobId, CancellationToken cancellationToken = default);

    /// <summary>Removes the job and all its data. False when unknown.</summary>
    Task<bool> DeleteAsync(string jobId, CancellationToken cancellationToken = default);
}
