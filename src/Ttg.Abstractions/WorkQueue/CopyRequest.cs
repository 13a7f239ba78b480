namespace Ttg.WorkQueue;

/// <summary>
/// An idle worker's request for a second copy of a straggling chunk of one job (speculative execution). A chunk
/// qualifies only while the job has nothing pending, when it is started, held by another worker, has no copy yet,
/// and has been computing for at least <see cref="MinRunning"/> and at least <see cref="RunningPerParameter"/> per
/// parameter it holds, but not yet <see cref="RunningAtMostPerParameter"/>; the longest-running qualifying chunk is copied.
/// </summary>
/// <param name="WorkerId">The idle worker; the copy is held in its name.</param>
/// <param name="JobId">The job whose chunks may be copied.</param>
/// <param name="RunningPerParameter">How long a chunk must have run per parameter it holds before it counts as straggling.</param>
public sealed record CopyRequest(string WorkerId, string JobId, TimeSpan RunningPerParameter)
{
    /// <summary>A chunk younger than this is never copied, whatever its size. Default: zero.</summary>
    public TimeSpan MinRunning { get; init; }

    /// <summary>
    /// A chunk that has computed this long per parameter it holds is not copied. A job's time limit goes here: such a
    /// chunk has a parameter past its limit, which its holder is already handing back, and a copy would only meet the
    /// same parameter. Default: none.
    /// </summary>
    public TimeSpan? RunningAtMostPerParameter { get; init; }

    /// <summary>
    /// The share of the job's parameters that copies may cover in all (the bound on extra work), from 0 to 1.
    /// Default: 0.1, so speculation computes at most a tenth of the job twice.
    /// </summary>
    public double Budget { get; init; } = 0.1;
}
