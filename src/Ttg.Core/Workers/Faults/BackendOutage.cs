using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;
using Ttg.WorkQueue;

namespace Ttg.Workers.Faults;

/// <summary>
/// Rides out backend outages for every stage of one worker: a call that fails with a transient error is retried
/// with jittered exponential backoff (100 ms doubling to 5 s) for as long as the caller's token allows, with no
/// try budget, because giving up on a completion would strand a computed chunk. While any call is failing the
/// worker counts as in an outage (<see cref="IsActive"/>): it leases nothing new and parks its queued chunks.
/// </summary>
internal sealed class BackendOutage
{
    private static readonly TimeSpan ReminderEvery = TimeSpan.FromSeconds(30);
    private readonly ITtgBackend _backend;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly ResiliencePipeline _pipeline;
    private readonly Lock _gate = new();
    private long _since;
    private long _lastReminder;

    public BackendOutage(ITtgBackend backend, ILogger logger, TimeProvider time)
    {
        _backend = backend;
        _logger = logger;
        _time = time;
        _pipeline = new ResiliencePipelineBuilder { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = int.MaxValue,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = TimeSpan.FromMilliseconds(100),
                MaxDelay = TimeSpan.FromSeconds(5),
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is { } error && IsOutage(error, args.Context.CancellationToken)),
                OnRetry = args =>
                {
                    Begin(args.Outcome.Exception!, args.RetryDelay);
                    return ValueTask.CompletedTask;
                },
            })
            .Build();
    }

    /// <summary>True while the backend is failing every call that tries it.</summary>
    public bool IsActive => Interlocked.Read(ref _since) != 0;

    /// <summary>How long the current outage has lasted; zero when there is none.</summary>
    public TimeSpan Duration => Interlocked.Read(ref _since) is var since and not 0 ? _time.GetElapsedTime(since) : TimeSpan.Zero;

    /// <summary>Raised once when an outage begins, so queued chunks can be put aside instead of started.</summary>
    public event Action? Began;

    /// <summary>Calls the backend, retrying transient failures until it answers or <paramref name="cancellationToken"/> is cancelled.</summary>
    public async ValueTask<T> CallAsync<T>(Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken)
    {
        var result = await _pipeline.ExecuteAsync(async ct => await call(ct).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
        End();
        return result;
    }

    /// <summary>As <see cref="CallAsync{T}"/> for a call without a result.</summary>
    public async ValueTask CallAsync(Func<CancellationToken, Task> call, CancellationToken cancellationToken)
    {
        await _pipeline.ExecuteAsync(async ct => await call(ct).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
        End();
    }

    /// <summary>Notes a failed call made outside <see cref="CallAsync{T}"/> (a call that is not worth retrying now, such as a heartbeat).</summary>
    public void Observe(Exception error) => Begin(error, TimeSpan.Zero);

    /// <summary>Notes a call that succeeded outside <see cref="CallAsync{T}"/>.</summary>
    public void Answered() => End();

    /// <summary>True when <paramref name="error"/> is a passing outage rather than a bug or a permanent condition.</summary>
    public bool IsOutage(Exception error, CancellationToken cancellationToken) =>
        !(error is OperationCanceledException && cancellationToken.IsCancellationRequested) && _backend.IsTransient(error);

    private void Begin(Exception error, TimeSpan retryIn)
    {
        var now = _time.GetTimestamp();
        lock (_gate)
        {
            if (_since == 0)
            {
                Interlocked.Exchange(ref _since, now);
                _lastReminder = now;
                WorkerLog.BackendUnavailable(_logger, error.Message.ReplaceLineEndings(" "), (long)retryIn.TotalMilliseconds);
            }
            else
            {
                if (_time.GetElapsedTime(_lastReminder, now) >= ReminderEvery)
                {
                    _lastReminder = now;
                    WorkerLog.BackendStillUnavailable(_logger, _time.GetElapsedTime(_since, now).TotalSeconds, error.Message.ReplaceLineEndings(" "));
                }

                return;
            }
        }

        Began?.Invoke();
    }

    private void End()
    {
        long since;
        lock (_gate)
        {
            since = Interlocked.Exchange(ref _since, 0);
        }

        if (since != 0)
        {
            WorkerLog.BackendBack(_logger, _time.GetElapsedTime(since).TotalSeconds);
        }
    }
}
