namespace Ttg.Reports;

/// <summary>Counts of finite values in equal-width bins over [<see cref="Min"/>, <see cref="Max"/>].</summary>
public sealed class Histogram
{
    private readonly long[] _counts;

    /// <summary>Creates <paramref name="bins"/> empty bins over [<paramref name="min"/>, <paramref name="max"/>]; one bin when min equals max.</summary>
    /// <exception cref="ArgumentException">The range is not finite or max is below min.</exception>
    public Histogram(double min, double max, int bins = 40)
    {
        if (!double.IsFinite(min) || !double.IsFinite(max) || max < min)
        {
            throw new ArgumentException($"A histogram needs a finite range with min <= max, not [{min}, {max}].", nameof(max));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(bins, 1);
        Min = min;
        Max = max;
        _counts = new long[max > min ? bins : 1];
    }

    /// <summary>Lower edge of the first bin.</summary>
    public double Min { get; }

    /// <summary>Upper edge of the last bin (included in it).</summary>
    public double Max { get; }

    /// <summary>The count of each bin, lowest first.</summary>
    public IReadOnlyList<long> Counts => _counts;

    /// <summary>Values counted so far.</summary>
    public long Total { get; private set; }

    /// <summary>Width of one bin (0 for a single-valued range).</summary>
    public double BinWidth => (Max - Min) / _counts.Length;

    /// <summary>Counts <paramref name="value"/>; values outside the range or not finite are ignored.</summary>
    public void Add(double value)
    {
        if (!double.IsFinite(value) || value < Min || value > Max)
        {
            return;
        }

        var bin = Max > Min ? (int)((value - Min) / (Max - Min) * _counts.Length) : 0;
        _counts[Math.Min(bin, _counts.Length - 1)]++;
        Total++;
    }
}
