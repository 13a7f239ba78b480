using Ttg.WorkQueue;

namespace Ttg.Workers.Stages;

/// <summary>
/// Leases chunks whenever leasing slots are free, one request for every free slot, and queues them for the
/// chunk runners. During an outage it leases nothing (the call waits inside <see cref="Faults.BackendOutage"/>);
/// once the backend answers again it first hands back the chunks parked meanwhile. Returns when the worker is
/// asked to stop or, with <see cref="WorkerOptions.ExitWhenIdle"/>, when no open work is left.
/// </summary>
internal sealed class LeasePump(WorkerContext context, CancellationToken hardStop) : WorkerStage("lease pump", context.Time)
{
    private const int MaxChunksPerLease = 256;
    private readonly IdleWork _idle = new(context);
    private bool _leasedAny;

    public override async Task RunAsync(CancellationToken cancellationToken)
    {
        var book = context.Book;
        var idleDelay = TimeSpan.FromMilliseconds(5);
        while (!cancellationToken.IsCancellationRequested)
        {
            await HandBackParkedAsync().ConfigureAwait(false);
            int wanted;
            try
            {
                wanted = await book.WaitForSlotsAsync(MaxChunksPerLease, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            IReadOnlyList<ChunkLease> leases;
            var isCopy = false;
            Busy();
            try
            {
                // Only what idle runners start at once may count as started, and the store says which did (a chunk
                // past its first attempt never does): a queued chunk lost with this worker keeps its attempt. Before
                // its first set-up a worker starts nothing in the lease: a worker that dies setting up (or is killed
                // while it starts) has not computed anything, and its death is not the parameters' fault.
                var startNow = context.Runtimes.AnyReady ? Math.Min(wanted, book.IdleRunners) : 0;
                var request = new LeaseRequest(context.WorkerId, wanted, context.Registry.Names)
                {
                    JobIds = context.Options.JobIds,
                    Liveness = context.Options.Liveness,
                    StartNow = startNow,
                };
                var asked = context.Time.GetTimestamp();
                leases = await context.Outage.CallAsync(ct => context.Backend.LeaseAsync(request, ct), cancellationToken).ConfigureAwait(false);
                context.Stats.LeaseRoundTrip(context.Time.GetElapsedTime(asked));
                if (leases.Count == 0 && await _idle.TryCopyAsync(cancellationToken).ConfigureAwait(false) is { } copy)
                {
                    // Nothing left to lease but a straggler elsewhere: compute it too, started at once.
                    (leases, isCopy) = ([copy], true);
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                book.ReturnSlots(wanted);
                return;
            }
            catch
            {
                book.ReturnSlots(wanted);
                throw;
            }
            finally
            {
                Idle();
            }

            book.ReturnSlots(wanted - leases.Count);
            var leasedAt = context.Time.GetTimestamp();
            for (var i = 0; i < leases.Count; i++)
            {
                book.Add(leases[i], startedInStore: leases[i].StartedAtLease, leasedAt, hardStop, isCopy);
                context.JobsSeen.TryAdd(leases[i].JobId, true);
            }

            if (leases.Count > 0)
            {
                if (!_leasedAny)
                {
                    _leasedAny = true;
                    WorkerLog.FirstLease(context.Logger, context.WorkerId, leases.Count, (long)context.Time.GetElapsedTime(context.StartedAt).TotalMilliseconds);
                }

                idleDelay = TimeSpan.FromMilliseconds(5);
                continue;
            }

            if (await _idle.ShouldExitAsync(cancellationToken).ConfigureAwait(false))
            {
                WorkerLog.Idle(context.Logger, context.WorkerId);
                return;
            }

            await _idle.ReportMissingComputationsAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                await Task.Delay(idleDelay, context.Time, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            idleDelay = TimeSpan.FromTicks(Math.Min(idleDelay.Ticks * 2, context.Options.MaxIdlePoll.Ticks));
        }
    }

    /// <summary>Chunks parked while the backend was unreachable go back at once, attempts intact, so no other worker waits for their leases to lapse.</summary>
    private async Task HandBackParkedAsync()
    {
        if (!context.Book.HasParked || context.Outage.IsActive)
        {
            return;
        }

        var parked = context.Book.TakeParked();
        WorkerLog.HandingBackParked(context.Logger, context.WorkerId, parked.Count);
        await ChunkRelease.ReleaseAsync(context, parked).ConfigureAwait(false);
    }
}
