namespace Ttg.Workers;

/// <summary>
/// Lets a chunk whose earlier holder was lost while computing it (<see cref="WorkQueue.ChunkLease.EarlierHolderLost"/>)
/// be computed alone on this worker. It waits for the chunks computing beside it to end and for computed ones to be
/// stored; nothing else starts until it is computed and its own result is stored. If this worker dies meanwhile, the
/// store can pin the death on that chunk (see <see cref="WorkQueue.IWorkQueue.ReleaseWorkerAsync"/>), and the chunks
/// that were beside it at the first death are never charged for it. No wait here is unbounded: a chunk that hangs
/// (with no time limit to end it) must not stop the rest of the worker, nor leave chunks held and never computed.
/// </summary>
internal sealed class SoloGate(TimeProvider time)
{
    /// <summary>
    /// How long a chunk to compute alone waits for results to be stored, before and after it, on top of waiting for
    /// the chunks computing beside it. The wait is bounded so an outage cannot hold it for ever; a death while the
    /// store was unreachable may then be shared, which the store does not charge to chunks never lost before.
    /// </summary>
    public static readonly TimeSpan SettleWait = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long a chunk waits for its turn (to compute alone, or beside a chunk computing alone) before it computes
    /// anyway. A death then may be shared; a chunk already lost is still charged for it, so isolation still ends.
    /// </summary>
    public static readonly TimeSpan TurnWait = TimeSpan.FromSeconds(30);

    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(10);
    private readonly Lock _lock = new();
    private TaskCompletionSource _changed = NewSignal();
    private int _computing;
    private int _alone;
    private int _aloneComputing;

    /// <summary>True while a chunk waits to compute alone or computes alone: nothing else should be started now.</summary>
    public bool AloneWanted => Volatile.Read(ref _alone) > 0;

    /// <summary>
    /// An ordinary chunk's turn: at once, unless a chunk waits to compute alone or computes alone; then once it is
    /// done, or after <see cref="TurnWait"/>.
    /// </summary>
    public async ValueTask<IDisposable> EnterAsync(CancellationToken cancellationToken)
    {
        var began = time.GetTimestamp();
        while (true)
        {
            Task changed;
            lock (_lock)
            {
                if (_alone == 0 || time.GetElapsedTime(began) >= TurnWait)
                {
                    _computing++;
                    return new Turn(this, alone: false);
                }

                changed = _changed.Task;
            }

            await WaitAsync(changed, began, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// A turn to compute alone: once no other chunk computes (or <see cref="TurnWait"/> passed waiting for that) and
    /// <paramref name="othersStored"/> holds (every computed chunk's result is stored), or <see cref="SettleWait"/>
    /// passed waiting for that.
    /// </summary>
    public async ValueTask<IDisposable> EnterAloneAsync(Func<bool> othersStored, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            _alone++;
        }

        var began = time.GetTimestamp();
        try
        {
            while (true)
            {
                Task changed;
                lock (_lock)
                {
                    if ((_computing == 0 && _aloneComputing == 0) || time.GetElapsedTime(began) >= TurnWait)
                    {
                        _aloneComputing++;
                        break;
                    }

                    changed = _changed.Task;
                }

                await WaitAsync(changed, began, cancellationToken).ConfigureAwait(false);
            }
        }
        catch
        {
            Exit(alone: false, waitingAlone: true);
            throw;
        }

        var turn = new Turn(this, alone: true);
        try
        {
            await SettleAsync(othersStored, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            turn.Dispose();
            throw;
        }

        return turn;
    }

    /// <summary>Waits until <paramref name="stored"/> holds, or <see cref="SettleWait"/> passed.</summary>
    public async Task SettleAsync(Func<bool> stored, CancellationToken cancellationToken)
    {
        var began = time.GetTimestamp();
        while (!stored() && time.GetElapsedTime(began) < SettleWait)
        {
            await Task.Delay(Poll, time, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Waits for the next change of turn, or until <see cref="TurnWait"/> has passed since <paramref name="began"/>.</summary>
    private async Task WaitAsync(Task changed, long began, CancellationToken cancellationToken)
    {
        var left = TurnWait - time.GetElapsedTime(began);
        if (left <= TimeSpan.Zero)
        {
            return;
        }

        try
        {
            await changed.WaitAsync(left, time, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // The turn's wait is over: the caller computes now.
        }
    }

    private void Exit(bool alone, bool waitingAlone = false)
    {
        lock (_lock)
        {
            if (alone)
            {
                _aloneComputing--;
                _alone--;
            }
            else if (waitingAlone)
            {
                _alone--;
            }
            else
            {
                _computing--;
            }

            var old = _changed;
            _changed = NewSignal();
            old.TrySetResult();
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private sealed class Turn(SoloGate gate, bool alone) : IDisposable
    {
        private int _ended;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _ended, 1) == 0)
            {
                gate.Exit(alone);
            }
        }
    }
}
