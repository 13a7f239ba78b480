using StackExchange.Redis;

namespace Ttg.Redis;

/// <summary>
/// The keys of one job. All share the hash tag <c>{prefix:jobId}</c>, so a job lives in one Redis Cluster slot
/// and its scripts may touch every key; jobs themselves spread over slots.
/// </summary>
internal sealed class JobKeys
{
    /// <summary>The consumer group every worker reads a job's stream through.</summary>
    public const string Group = "workers";

    public JobKeys(string prefix, string jobId)
    {
        var tag = "{" + prefix + ":" + jobId + "}:";
        Meta = tag + "meta";
        Stream = tag + "stream";
        Chunks = tag + "chunks";
        Attempts = tag + "attempts";
        Leases = tag + "leases";
        Due = tag + "due";
        Results = tag + "results";
        Index = tag + "index";
        Workers = tag + "workers";
        Alive = tag + "alive";
        Queued = tag + "queued";
        Roster = tag + "roster";
        Failed = tag + "failed";
        Pace = tag + "pace";
        Copies = tag + "copies";
        All = [Meta, Stream, Chunks, Attempts, Leases, Due, Results, Index, Workers, Alive, Queued, Roster, Failed, Pace, Copies];
    }

    /// <summary>Hash: the job's description, state and counters.</summary>
    public RedisKey Meta { get; }

    /// <summary>Stream: one entry per chunk not yet completed or split, read through <see cref="Group"/>.</summary>
    public RedisKey Stream { get; }

    /// <summary>Hash: chunk id to its stream entry id, or <c>C</c> once completed, <c>S</c> once split.</summary>
    public RedisKey Chunks { get; }

    /// <summary>Hash: chunk id to attempts used.</summary>
    public RedisKey Attempts { get; }

    /// <summary>Hash: chunk id to <c>token|worker</c> for every chunk currently leased.</summary>
    public RedisKey Leases { get; }

    /// <summary>Sorted set: stream entry ids of chunks handed back or retried, scored by the server time (ms) from which they may be leased.</summary>
    public RedisKey Due { get; }

    /// <summary>Hash: chunk id to its results blob, and <c>p:</c>chunk id to its payload when it carried one.</summary>
    public RedisKey Results { get; }

    /// <summary>Sorted set of completed chunks scored by start: <c>chunkId:count[:p]</c>.</summary>
    public RedisKey Index { get; }

    /// <summary>Hash: worker id to parameters recorded.</summary>
    public RedisKey Workers { get; }

    /// <summary>Sorted set: worker id to the server time (ms) until which its session counts as alive.</summary>
    public RedisKey Alive { get; }

    /// <summary>Set: ids of leased chunks their holder has not started computing (prefetched); losing one gives its attempt back.</summary>
    public RedisKey Queued { get; }

    /// <summary>
    /// Hash: per worker heard from in the job, <c>s:</c>worker its last-seen server time (ms), <c>h:</c>worker its host,
    /// <c>f:</c>worker its fault note and <c>t:</c>worker when that fault was first reported.
    /// </summary>
    public RedisKey Roster { get; }

    /// <summary>Hash: chunk id to <c>failed|start|index member</c> for every completed chunk holding failure records.</summary>
    public RedisKey Failed { get; }

    /// <summary>List: the job's recent completion batches, <c>serverMs|worker|parameters</c>, newest last, trimmed to <see cref="WorkQueue.JobPace.MaxSamples"/>.</summary>
    public RedisKey Pace { get; }

    /// <summary>
    /// Hash: per started chunk, <c>b:</c>chunk id the server time (ms) its computing began; per speculative copy,
    /// <c>c:</c>chunk id the copy's lease (<c>token|worker</c>), valid while the chunk stays leased as it was; per chunk whose
    /// tail was handed back, <c>n:</c>chunk id the count it kept and <c>p:</c>chunk id its rows (the entry keeps the full range);
    /// per chunk an earlier holder was lost computing (or its split or shrunk parts), <c>d:</c>chunk id 1, until it completes.
    /// </summary>
    public RedisKey Copies { get; }

    /// <summary>Every key, in the order the scripts expect them as KEYS.</summary>
    public RedisKey[] All { get; }
}
