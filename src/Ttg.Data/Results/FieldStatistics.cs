namespace Ttg.Results;

/// <summary>
/// Running statistics of one result field's numbers (NaN is not counted): count, sum, min, max, the finite range a
/// histogram's bins need, and the first parameter holding the lowest and the highest number, so the summary of any
/// field for either goal is known after one pass. Keeps only the two best parameters' sources, never all results.
/// </summary>
internal sealed class FieldStatistics
{
    private Best? _lowest;
    private Best? _highest;

    public long Numbers { get; private set; }

    public double Sum { get; private set; }

    public double Min { get; private set; } = double.PositiveInfinity;

    public double Max { get; private set; } = double.NegativeInfinity;

    /// <summary>The smallest and largest finite number, or null when the field has none.</summary>
    public (double Min, double Max)? FiniteRange { get; private set; }

    public void Add(double number, long index, in Result result, IParameterSource? source)
    {
        if (double.IsNaN(number))
        {
            return;
        }

        Numbers++;
        Sum += number;
        Min = Math.Min(Min, number);
        Max = Math.Max(Max, number);

        // Strictly better only: on ties the first parameter in index order stays the best.
        if (_lowest is null || number < _lowest.Number)
        {
            _lowest = new Best(number, index, result, source);
        }

        if (_highest is null || number > _highest.Number)
        {
            _highest = new Best(number, index, result, source);
        }

        if (double.IsFinite(number))
        {
            FiniteRange = FiniteRange is { } range ? (Math.Min(range.Min, number), Math.Max(range.Max, number)) : (number, number);
        }
    }

    /// <summary>The best parameter for <paramref name="goal"/>, or null when the field has no number.</summary>
    public Best? BestFor(ResultGoal goal) => goal == ResultGoal.Minimize ? _lowest : _highest;

    /// <summary>A best parameter: its number, index, whole result and the source of its parameter values.</summary>
    internal sealed record Best(double Number, long Index, Result Result, IParameterSource? Source);
}
