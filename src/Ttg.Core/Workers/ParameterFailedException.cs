namespace Ttg.Workers;

/// <summary>
/// Carries the computation's exception out of a chunk together with the parameter that raised it, so the failure
/// policy can split the chunk around that parameter instead of halving blindly.
/// </summary>
internal sealed class ParameterFailedException(int offset, Exception failure)
    : Exception(failure.Message, failure)
{
    /// <summary>The failing parameter's position in its chunk.</summary>
    public int Offset { get; } = offset;

    /// <summary>The computation's own exception.</summary>
    public Exception Failure { get; } = failure;
}
