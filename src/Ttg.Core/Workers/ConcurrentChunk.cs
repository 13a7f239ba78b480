using Ttg.Results;
using Ttg.WorkQueue;

namespace Ttg.Workers;

/// <summary>
/// Computes a chunk's parameters with up to <see cref="JobRuntime.AsyncConcurrency"/> in flight, for asynchronous
/// computations (I/O-bound calls, a <c>--serve</c> program's pipe). Each parameter gets its own time limit; the
/// <see cref="ParameterClock"/> follows the oldest one still running, so the watchdog sees the one most overdue.
/// The first failure cancels the rest and is reported with its parameter, as the serial path does. Every parameter's
/// time, from its start to its result, goes to the per-parameter histogram when someone listens (see <see cref="ParameterSampling"/>).
/// </summary>
internal sealed class ConcurrentChunk(JobRuntime runtime, ChunkLease lease, IParameterSource? source, ChunkResultBuilder builder, ParameterClock? clock, WorkerStats? stats, TimeProvider time)
{
    private readonly Lock _gate = new();
    private readonly TimeSpan? _limit = runtime.Plan.Spec.Timeout;
    private readonly long[]? _startedAt = runtime.Plan.Spec.Timeout is not null && clock is not null ? new long[lease.Count] : null;
    private ParameterSampling _sampling = ParameterSampling.For(stats, time, everyParameter: true);
    private int _tracked = -1;
    private int _highest = -1;
    private Exception? _failure;
    private int _failedOffset;

    /// <summary>Computes parameters <paramref name="from"/> to the chunk's end into the builder.</summary>
    /// <exception cref="ParameterFailedException">A parameter failed; it is named.</exception>
    /// <exception cref="WorkerFaultException">The computation says this worker cannot compute.</exception>
    public async Task RunAsync(int from, CancellationToken cancellationToken)
    {
        using var chunk = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var slots = new SemaphoreSlim(runtime.AsyncConcurrency);
        var running = new List<Task>();
        var arguments = runtime.Plan.Arguments;
        try
        {
            for (var offset = from; offset < lease.Count; offset++)
            {
                await slots.WaitAsync(chunk.Token).ConfigureAwait(false);
                var own = _limit is { } limit ? CancellationTokenSource.CreateLinkedTokenSource(chunk.Token) : null;
                own?.CancelAfter(_limit!.Value);
                var startedAt = _sampling.Begin(offset);
                Track(offset, startedAt);
                ValueTask<Result> pending;
                try
                {
                    pending = runtime.Compute(new Parameter(lease.Start + offset, source, arguments), own?.Token ?? chunk.Token);
                }
                catch (Exception ex)
                {
                    pending = ValueTask.FromException<Result>(ex);
                }

                running.Add(ObserveAsync(offset, pending, startedAt, own, chunk, slots));
            }
        }
        catch (OperationCanceledException) when (chunk.IsCancellationRequested)
        {
            // A parameter failed (or the chunk was cancelled): start no more.
        }

        await Task.WhenAll(running).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        if (_failure is WorkerFaultException)
        {
            throw _failure;
        }

        if (_failure is not null)
        {
            throw new ParameterFailedException(_failedOffset, _failure);
        }
    }

    private async Task ObserveAsync(int offset, ValueTask<Result> pending, long startedAt, CancellationTokenSource? own, CancellationTokenSource chunk, SemaphoreSlim slots)
    {
        try
        {
            var result = await pending.ConfigureAwait(false);
            _sampling.End(startedAt);
            lock (_gate)
            {
                builder.SetResult(offset, result);
            }
        }
        catch (Exception ex)
        {
            Fail(offset, ex, startedAt, own, chunk);
        }
        finally
        {
            Untrack(offset);
            own?.Dispose();
            slots.Release();
        }
    }

    private void Fail(int offset, Exception ex, long startedAt, CancellationTokenSource? own, CancellationTokenSource chunk)
    {
        if (ex is OperationCanceledException)
        {
            if (own is not { IsCancellationRequested: true } || (chunk.IsCancellationRequested && !IsOverdue(offset, startedAt)))
            {
                return; // Cancelled with the chunk (a sibling failed, or a shutdown): not this parameter's fault.
            }

            ex = new ParameterTimeoutException(lease.Start + offset, _limit!.Value);
        }

        lock (_gate)
        {
            if (_failure is not null && offset >= _failedOffset)
            {
                return;
            }

            (_failure, _failedOffset) = (ex, offset);
        }

        chunk.Cancel();
    }

    /// <summary>
    /// True when the parameter at <paramref name="offset"/> has run past its own limit. Timers that fire late (a busy
    /// host) can cancel a younger parameter first, which cancels the chunk; an older one past its limit too is then
    /// still named as the timeout, so the failure is the first parameter that overran, as on the serial path.
    /// </summary>
    private bool IsOverdue(int offset, long startedAt)
    {
        long begun;
        lock (_gate)
        {
            begun = _startedAt?[offset] is > 0 and var tracked ? tracked : startedAt;
        }

        return begun != 0 && time.GetElapsedTime(begun) >= _limit!.Value;
    }

    /// <summary>Notes the parameter's start for the watchdog's clock, reusing <paramref name="startedAt"/> when it was already read.</summary>
    private void Track(int offset, long startedAt)
    {
        if (_startedAt is null)
        {
            return;
        }

        lock (_gate)
        {
            _startedAt[offset] = startedAt != 0 ? startedAt : time.GetTimestamp();
            _highest = offset;
            if (_tracked < 0)
            {
                _tracked = offset;
                clock!.Begin(offset, _startedAt[offset]);
            }
        }
    }

    private void Untrack(int offset)
    {
        if (_startedAt is null)
        {
            return;
        }

        lock (_gate)
        {
            _startedAt[offset] = 0;
            if (offset != _tracked)
            {
                return;
            }

            // Offsets start in order, so the next running one after the oldest is the oldest left.
            for (var next = offset + 1; next <= _highest; next++)
            {
                if (_startedAt[next] != 0)
                {
                    _tracked = next;
                    clock!.Begin(next, _startedAt[next]);
                    return;
                }
            }

            _tracked = -1;
            clock!.End();
        }
    }
}
