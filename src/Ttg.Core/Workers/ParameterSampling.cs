namespace Ttg.Workers;

/// <summary>
/// Which parameters of a chunk have their computing time measured for the per-parameter histogram
/// (<see cref="WorkerStats.ParameterComputed"/>), so that measuring stays cheap next to what it measures.
/// <list type="bullet">
/// <item>Nobody listens to the histogram (no metrics port, no exporter): none; not even the clock is read.</item>
/// <item>The job has a time limit, or its computation is asynchronous: every parameter. A time limit already costs a
/// clock read and a timer re-arm per parameter, an awaited parameter a continuation; one more clock read and one
/// record are lost in that.</item>
/// <item>Otherwise (a synchronous computation, possibly a few nanoseconds long): one parameter in
/// <see cref="OneIn"/>, from a random phase per chunk so no position in a chunk is favoured. Two clock reads and a
/// record cost more than such a parameter; measuring one in 64 costs a 64th of that per parameter. The histogram's
/// quantiles and mean stay right; its count is then the sample's size (parameters are counted by
/// <c>ttg.worker.parameters.succeeded</c>).</item>
/// </list>
/// Only parameters that returned a result are measured: a failure ends the chunk, and its time is in the chunk's.
/// </summary>
internal struct ParameterSampling
{
    /// <summary>One synchronous parameter in this many is measured.</summary>
    public const int OneIn = 64;

    private readonly WorkerStats? _stats;
    private readonly TimeProvider _time;
    private readonly int _step;
    private int _next;

    private ParameterSampling(WorkerStats? stats, TimeProvider time, int step, int first)
    {
        (_stats, _time, _step, _next) = (stats, time, step, first);
    }

    /// <summary>The sampling of one chunk; <paramref name="everyParameter"/> when each parameter is to be measured.</summary>
    public static ParameterSampling For(WorkerStats? stats, TimeProvider time, bool everyParameter)
    {
        if (stats is not { TimesParameters: true })
        {
            return new ParameterSampling(null, time, 0, int.MaxValue);
        }

        return everyParameter ? new ParameterSampling(stats, time, 1, 0) : new ParameterSampling(stats, time, OneIn, Random.Shared.Next(OneIn));
    }

    /// <summary>
    /// Called as the parameter at <paramref name="offset"/> starts (offsets rising): its start timestamp when it is
    /// measured, otherwise 0.
    /// </summary>
    public long Begin(int offset)
    {
        if (offset < _next)
        {
            return 0;
        }

        _next = offset + _step;
        return _time.GetTimestamp();
    }

    /// <summary>Records the parameter's time when <see cref="Begin"/> measured it (<paramref name="startedAt"/> not 0). Safe from any thread.</summary>
    public readonly void End(long startedAt)
    {
        if (startedAt != 0)
        {
            _stats!.ParameterComputed(_time.GetElapsedTime(startedAt));
        }
    }
}
