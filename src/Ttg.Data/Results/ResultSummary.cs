namespace Ttg.Results;

/// <summary>Statistics of a job's stored results over the ranked field <see cref="Metric"/> (NaN results are not counted in Min, Mean, Max or best).</summary>
/// <param name="Count">Parameters with a stored outcome.</param>
/// <param name="Succeeded">Parameters with a result.</param>
/// <param name="Failed">Parameters recorded as failed.</param>
/// <param name="Min">Smallest primary number, or null when no result has one.</param>
/// <param name="Mean">Mean primary number, or null when no result has one.</param>
/// <param name="Max">Largest primary number, or null when no result has one.</param>
/// <param name="BestIndex">Index of the best result for the goal (the first, on ties), or null.</param>
/// <param name="BestParameters">The best parameter's named values; empty for a plain range or when there is no best.</param>
/// <param name="BestResult">The best result, or null.</param>
/// <param name="Failures">The first 100 failures in index order.</param>
public sealed record ResultSummary(
    long Count,
    long Succeeded,
    long Failed,
    double? Min,
    double? Mean,
    double? Max,
    long? BestIndex,
    IReadOnlyList<KeyValuePair<string, Value>> BestParameters,
    Result? BestResult,
    IReadOnlyList<(long Index, ParameterFailure Failure)> Failures)
{
    /// <summary>The result field min, mean, max and best rank (<c>result</c> for scalars); null when no field is numeric.</summary>
    public string? Metric { get; init; }

    /// <summary>Result fields whose values are of several types, exported as text.</summary>
    public IReadOnlyList<string> MixedColumns { get; init; } = [];

    /// <summary>How many failures <see cref="Failures"/> keeps at most.</summary>
    public const int MaxFailuresListed = 100;
}
