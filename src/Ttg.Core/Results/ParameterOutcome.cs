namespace Ttg.Results;

/// <summary>One parameter's stored outcome: its result, or the failure recorded for it.</summary>
/// <param name="Index">The parameter's global index.</param>
/// <param name="Result">The result; <c>default</c> when the parameter failed.</param>
/// <param name="Failure">The failure, or null when the parameter succeeded.</param>
public readonly record struct ParameterOutcome(long Index, Result Result, ParameterFailure? Failure)
{
    /// <summary>True when the parameter has a result.</summary>
    public bool Succeeded => Failure is null;
}
