using System.Diagnostics;

namespace Ttg.Telemetry;

/// <summary>
/// The worker's traces: one activity per chunk a worker holds, from its lease until it leaves the worker (stored,
/// retried, split, handed back or lost), on the <see cref="SourceName"/> activity source. Each chunk is a trace of its
/// own; what the computation traces while it computes (an HTTP call, a database query) nests under it. OpenTelemetry
/// hosts subscribe with <c>AddSource(TtgTracing.SourceName)</c>; while nothing listens, no activity is created.
/// </summary>
public static class TtgTracing
{
    /// <summary>The activity source's name, "Ttg.Worker" (the same as the meter's, <see cref="TtgMetrics.MeterName"/>).</summary>
    public const string SourceName = "Ttg.Worker";

    /// <summary>The name of a chunk's activity, "ttg.chunk".</summary>
    public const string ChunkActivity = "ttg.chunk";

    /// <summary>Tag: the job's id.</summary>
    public const string JobIdTag = "ttg.job.id";

    /// <summary>Tag: the chunk's id (the same id across retries; a split makes new ones).</summary>
    public const string ChunkIdTag = "ttg.chunk.id";

    /// <summary>Tag: the index of the chunk's first parameter.</summary>
    public const string StartTag = "ttg.chunk.start";

    /// <summary>Tag: the number of parameters in the chunk.</summary>
    public const string CountTag = "ttg.chunk.count";

    /// <summary>Tag: the attempt this lease is, from 1.</summary>
    public const string AttemptTag = "ttg.chunk.attempt";

    /// <summary>Tag, only on speculative copies: true.</summary>
    public const string CopyTag = "ttg.chunk.copy";

    /// <summary>
    /// Tag, set when the chunk leaves the worker: <c>completed</c> (the store took its results, some parameters may be
    /// recorded as failed), <c>retried</c>, <c>split</c>, <c>released</c> (handed back with its attempt),
    /// <c>lease_lost</c> (another holder owns or finished it), <c>job_gone</c> (deleted or cancelled) or
    /// <c>abandoned</c> (the worker gave up on the store; the lease lapses).
    /// </summary>
    public const string OutcomeTag = "ttg.chunk.outcome";

    internal static ActivitySource Source { get; } = new(SourceName, typeof(TtgTracing).Assembly.GetName().Version?.ToString());
}
