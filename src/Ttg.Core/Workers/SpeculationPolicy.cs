using Ttg.WorkQueue;

namespace Ttg.Workers;

/// <summary>
/// When an idle worker asks for a copy of another worker's chunk. A chunk is a straggler once it has run
/// <see cref="Multiple"/> times as long as this worker needs for that many parameters of the job (measured here),
/// and never before <see cref="MinRunning"/>: a copy costs a lease round trip and doubles the chunk's work, which
/// pays only when the chunk's holder is much slower than this worker (a throttled or overloaded machine; a
/// deterministic slow parameter is as slow here and is not helped). The backend adds the rest of the rule: only
/// while nothing is pending, one copy per chunk, at most <see cref="Budget"/> of the job's parameters copied.
/// </summary>
internal static class SpeculationPolicy
{
    /// <summary>How many times this worker's own time a chunk must have run: 1.5, so noise never triggers a copy.</summary>
    public const double Multiple = 1.5;

    /// <summary>No chunk younger than 250 ms is copied: waiting for it costs less than copying it.</summary>
    public static readonly TimeSpan MinRunning = TimeSpan.FromMilliseconds(250);

    /// <summary>At most a tenth of a job's parameters are computed twice.</summary>
    public const double Budget = 0.1;

    /// <summary>
    /// The copy request for a job whose parameters cost <paramref name="perParameter"/> on this worker and may run
    /// for <paramref name="timeLimit"/> each: a chunk past its limit on every parameter is left to its holder.
    /// </summary>
    public static CopyRequest For(string workerId, string jobId, TimeSpan perParameter, TimeSpan? timeLimit) =>
        new(workerId, jobId, perParameter * Multiple) { MinRunning = MinRunning, Budget = Budget, RunningAtMostPerParameter = timeLimit };
}
