namespace Ttg.Workers;

/// <summary>
/// A parameter ran past its job's time limit and was cancelled. Recorded like any exception from the computation:
/// the chunk is retried, then split until the slow parameter stands alone and is recorded as failed.
/// </summary>
public sealed class ParameterTimeoutException : Exception
{
    /// <summary>Creates the exception for the parameter at <paramref name="index"/>.</summary>
    public ParameterTimeoutException(long index, TimeSpan limit)
        : base($"parameter {index} ran past its time limit of {limit.TotalSeconds:0.###} s")
    {
        Index = index;
    }

    /// <summary>The parameter's index.</summary>
    public long Index { get; }
}
