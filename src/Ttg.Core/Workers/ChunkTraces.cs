using System.Collections.Concurrent;
using System.Diagnostics;
using Ttg.Telemetry;

namespace Ttg.Workers;

/// <summary>
/// The activities of the chunks a worker holds (see <see cref="TtgTracing"/>): started when a chunk is leased, current
/// while it computes, stopped with its outcome when it leaves. They are kept here, beside the book's chunks, and only
/// while something listens, so an untraced worker pays one check per chunk. Their times come from the activity's own
/// clock, not the worker's <see cref="TimeProvider"/>: the spans a computation opens inside a chunk are timed by that
/// clock, and one trace needs one clock.
/// </summary>
internal sealed class ChunkTraces
{
    private readonly ConcurrentDictionary<InFlightChunk, Activity> _open = new(ReferenceEqualityComparer.Instance);
    private int _count;

    /// <summary>Chunks with an open activity.</summary>
    public int Open => Volatile.Read(ref _count);

    /// <summary>Starts the chunk's activity, when something listens.</summary>
    public void Start(InFlightChunk chunk)
    {
        if (!TtgTracing.Source.HasListeners())
        {
            return;
        }

        var lease = chunk.Lease;
        KeyValuePair<string, object?>[] tags =
        [
            new(TtgTracing.JobIdTag, lease.JobId),
            new(TtgTracing.ChunkIdTag, lease.ChunkId),
            new(TtgTracing.StartTag, lease.Start),
            new(TtgTracing.CountTag, lease.Count),
            new(TtgTracing.AttemptTag, lease.Attempt),
        ];

        // A root: each chunk is a trace of its own, whatever activity the leasing loop's flow happens to carry. Starting
        // makes the new activity current, which must not outlive this call either.
        var outer = Activity.Current;
        Activity.Current = null;
        Activity? activity;
        try
        {
            activity = TtgTracing.Source.StartActivity(TtgTracing.ChunkActivity, ActivityKind.Consumer, parentContext: default, tags);
        }
        finally
        {
            Activity.Current = outer;
        }

        if (activity is null)
        {
            return; // The listener's sampler left it out.
        }

        if (chunk.IsCopy)
        {
            activity.SetTag(TtgTracing.CopyTag, true);
        }

        if (_open.TryAdd(chunk, activity))
        {
            Interlocked.Increment(ref _count);
        }
    }

    /// <summary>
    /// Makes the chunk's activity current while it computes (what the computation traces nests under it) and marks the
    /// computation's start and end in it. Dispose the scope where the computation ends.
    /// </summary>
    public ComputeScope Computing(InFlightChunk chunk)
    {
        if (Open == 0 || !_open.TryGetValue(chunk, out var activity))
        {
            return default;
        }

        activity.AddEvent(new ActivityEvent("compute.start"));
        var outer = Activity.Current;
        Activity.Current = activity;
        return new ComputeScope(activity, outer);
    }

    /// <summary>Stops the chunk's activity with its outcome (a chunk found lost ends as <see cref="ChunkOutcome.LeaseLost"/>, whatever was under way).</summary>
    public void End(InFlightChunk chunk, ChunkOutcome outcome)
    {
        if (Open == 0 || !_open.TryRemove(chunk, out var activity))
        {
            return;
        }

        Interlocked.Decrement(ref _count);
        if (chunk.Lost)
        {
            outcome = ChunkOutcome.LeaseLost;
        }

        activity.SetTag(TtgTracing.OutcomeTag, outcome.TagValue());
        if (outcome is ChunkOutcome.Retried or ChunkOutcome.Split or ChunkOutcome.Abandoned)
        {
            activity.SetStatus(ActivityStatusCode.Error, outcome == ChunkOutcome.Abandoned ? "the worker gave up on the store" : "a parameter failed");
        }

        activity.Stop();
    }

    /// <summary>The chunk's activity made current for the computation; disposing ends that and restores the previous one.</summary>
    internal readonly struct ComputeScope(Activity? activity, Activity? outer) : IDisposable
    {
        public void Dispose()
        {
            if (activity is null)
            {
                return;
            }

            activity.AddEvent(new ActivityEvent("compute.end"));
            Activity.Current = outer;
        }
    }
}
