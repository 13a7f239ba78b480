using Microsoft.Extensions.Logging;

namespace Ttg.Workers;

/// <summary>Exponential backoff with jitter for backend outages: 100 ms doubling to 5 s, so many workers do not reconnect in lockstep.</summary>
internal sealed class Backoff(TimeProvider time)
{
    private static readonly TimeSpan First = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan Longest = TimeSpan.FromSeconds(5);
    private TimeSpan _next = First;

    /// <summary>Starts over after a success.</summary>
    public void Reset() => _next = First;

    /// <summary>Logs the outage and waits; returns early (without throwing) when cancelled.</summary>
    public async Task WaitAsync(ILogger logger, Exception error, CancellationToken cancellationToken)
    {
        var jittered = TimeSpan.FromMilliseconds(_next.TotalMilliseconds * (0.5 + (Random.Shared.NextDouble() / 2)));
        WorkerLog.BackendUnavailable(logger, error.Message, (long)jittered.TotalMilliseconds);
        _next = TimeSpan.FromTicks(Math.Min(_next.Ticks * 2, Longest.Ticks));
        try
        {
            await Task.Delay(jittered, time, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The caller checks its token.
        }
    }
}
