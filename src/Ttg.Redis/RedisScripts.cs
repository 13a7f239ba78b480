using System.Reflection;

namespace Ttg.Redis;

/// <summary>
/// The Lua scripts, embedded from <c>Scripts/*.lua</c>, each prefixed with the shared prelude. Each script
/// touches only the keys of one job (passed as KEYS), so it runs unchanged on Redis Cluster.
/// </summary>
internal static class RedisScripts
{
    private static readonly string Prelude = Load("prelude");

    /// <summary>Creates a job's meta hash and consumer group.</summary>
    public static readonly string Submit = WithPrelude("submit");

    /// <summary>Appends a batch of chunks to a job's stream.</summary>
    public static readonly string AddChunks = WithPrelude("add_chunks");

    /// <summary>Stores a batch of chunks whose results are known at submission as completed.</summary>
    public static readonly string AddCompleted = WithPrelude("add_completed");

    /// <summary>Leases due, expired and new chunks of one job.</summary>
    public static readonly string Lease = WithPrelude("lease");

    /// <summary>Leases a speculative copy of a straggling chunk.</summary>
    public static readonly string LeaseCopy = WithPrelude("lease_copy");

    /// <summary>Stores results and acknowledges a batch of chunks of one job.</summary>
    public static readonly string Complete = WithPrelude("complete");

    /// <summary>Resets the idle time of the leases a worker still holds.</summary>
    public static readonly string Renew = WithPrelude("renew");

    /// <summary>Puts a failed chunk back after a delay.</summary>
    public static readonly string Retry = WithPrelude("retry");

    /// <summary>Replaces a chunk by its parts.</summary>
    public static readonly string Split = WithPrelude("split");

    /// <summary>Hands the tail of a leased chunk back as a new pending chunk.</summary>
    public static readonly string Shrink = WithPrelude("shrink");

    /// <summary>Hands leases back and gives their attempts back.</summary>
    public static readonly string Release = WithPrelude("release");

    /// <summary>Extends a worker's session in a job.</summary>
    public static readonly string Heartbeat = WithPrelude("heartbeat");

    /// <summary>Frees every lease of a dead worker.</summary>
    public static readonly string ReleaseWorker = WithPrelude("release_worker");

    /// <summary>Marks queued leases as started.</summary>
    public static readonly string MarkStarted = WithPrelude("mark_started");

    /// <summary>Stores a worker's note (host, fault) in a job's roster.</summary>
    public static readonly string ReportWorker = WithPrelude("report_worker");

    /// <summary>Reads a job's roster with each worker's session and held chunks.</summary>
    public static readonly string ListWorkers = WithPrelude("list_workers");

    /// <summary>Re-queues a job's failed chunks with fresh attempts.</summary>
    public static readonly string RetryFailed = WithPrelude("retry_failed");

    /// <summary>Switches a job between running and paused.</summary>
    public static readonly string Pause = WithPrelude("pause");

    /// <summary>Cancels a running job.</summary>
    public static readonly string Cancel = WithPrelude("cancel");

    /// <summary>Reads a job's pace log with the server's time.</summary>
    public static readonly string Pace = WithPrelude("pace");

    private static string WithPrelude(string name) => Prelude + "\n" + Load(name);

    private static string Load(string name)
    {
        var resource = $"Ttg.Redis.Scripts.{name}.lua";
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"embedded script {resource} is missing from the assembly");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
