namespace Ttg.Workers;

/// <summary>
/// A job's per-parameter time limit while one chunk is computed: hands each parameter a token that is cancelled
/// when its limit passes, and keeps the <see cref="ParameterClock"/> the watchdog reads. One source is re-armed per
/// parameter (a timer each would cost more than small parameters do) and replaced only after a parameter finished
/// late, ignoring its cancellation (that result is real and still counts).
/// </summary>
internal sealed class ParameterTimeLimit(TimeSpan limit, ParameterClock clock, TimeProvider time, CancellationToken chunkToken) : IDisposable
{
    private CancellationTokenSource _source = CancellationTokenSource.CreateLinkedTokenSource(chunkToken);

    /// <summary>The limit.</summary>
    public TimeSpan Limit { get; } = limit;

    /// <summary>True when the current parameter's limit has passed.</summary>
    public bool Expired => _source.IsCancellationRequested && !chunkToken.IsCancellationRequested;

    /// <summary>Starts the parameter at <paramref name="offset"/> and returns its token.</summary>
    public CancellationToken Begin(int offset)
    {
        clock.Begin(offset, time.GetTimestamp());
        _source.CancelAfter(Limit);
        return _source.Token;
    }

    /// <summary>Ends the current parameter, readying the token for the next one.</summary>
    public void End()
    {
        clock.End();
        if (!_source.TryReset())
        {
            _source.Dispose();
            _source = CancellationTokenSource.CreateLinkedTokenSource(chunkToken);
        }
    }

    /// <inheritdoc />
    public void Dispose() => _source.Dispose();
}
