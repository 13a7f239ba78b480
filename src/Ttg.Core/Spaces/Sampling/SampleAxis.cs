namespace Ttg.Spaces.Sampling;

/// <summary>
/// One axis of a sampled space: the bounds of a continuous range (<c>x=-2:2</c>, or <c>lr=1e-5:1e-1:log</c> for a
/// log-uniform one), or a discrete grid axis (<c>n=0..10</c>, <c>k=[1,2,5]</c>) whose values are drawn with equal weight.
/// </summary>
public sealed class SampleAxis
{
    private readonly double _low;
    private readonly double _high;
    private readonly GridAxis? _discrete;

    private SampleAxis(string name, double low, double high, bool logarithmic, GridAxis? discrete)
    {
        Name = name;
        _low = low;
        _high = high;
        IsLogarithmic = logarithmic;
        _discrete = discrete;
    }

    /// <summary>The axis name, the parameter value's name.</summary>
    public string Name { get; }

    /// <summary>Whether values are uniform in log scale (bounds both positive).</summary>
    public bool IsLogarithmic { get; }

    /// <summary>Whether the axis draws from a list or an integer range rather than a continuous range.</summary>
    public bool IsDiscrete => _discrete is not null;

    /// <summary>The lower bound of a continuous axis (included).</summary>
    public double Low => _low;

    /// <summary>The upper bound of a continuous axis (excluded, as the unit coordinate is below 1).</summary>
    public double High => _high;

    /// <summary>A continuous axis from <paramref name="low"/> to <paramref name="high"/>.</summary>
    public static SampleAxis Continuous(string name, double low, double high, bool logarithmic) => new(name, low, high, logarithmic, null);

    /// <summary>An axis drawing the values of <paramref name="axis"/>, each with weight 1/Count.</summary>
    public static SampleAxis Discrete(GridAxis axis) => new(axis.Name, 0, 0, false, axis);

    /// <summary>The value at unit coordinate <paramref name="unit"/> in [0, 1).</summary>
    public Value ValueAt(double unit)
    {
        if (_discrete is { } axis)
        {
            return axis.ValueAt(Math.Min((long)(unit * axis.Count), axis.Count - 1));
        }

        var value = IsLogarithmic
            ? Math.Exp(Math.Log(_low) + ((Math.Log(_high) - Math.Log(_low)) * unit))
            : _low + ((_high - _low) * unit);
        // Rounding near the top may reach the upper bound; a value is never outside [low, high].
        return Math.Clamp(value, Math.Min(_low, _high), Math.Max(_low, _high));
    }
}
