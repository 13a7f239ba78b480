namespace Ttg.Reports;

/// <summary>
/// Maps values to the viridis palette (dark violet low, yellow high; readable in grey and by most colour-blind
/// readers). Linear, or logarithmic when positive values span more than three decades above the minimum,
/// as a loss surface's valley would otherwise be one flat colour.
/// </summary>
public sealed class ColorScale
{
    private static readonly (byte R, byte G, byte B)[] Viridis =
    [
        (0x44, 0x01, 0x54), (0x47, 0x2c, 0x7a), (0x3b, 0x51, 0x8b), (0x2c, 0x71, 0x8e), (0x21, 0x90, 0x8d),
        (0x27, 0xad, 0x81), (0x5c, 0xc8, 0x63), (0xaa, 0xdc, 0x32), (0xfd, 0xe7, 0x25),
    ];

    private readonly double _floor;

    /// <summary>A scale over [<paramref name="min"/>, <paramref name="max"/>]; <paramref name="smallestAboveMin"/> is the smallest value above min (it decides log vs linear).</summary>
    public ColorScale(double min, double max, double smallestAboveMin)
    {
        Min = min;
        Max = max;
        var span = max - min;
        _floor = smallestAboveMin > min ? smallestAboveMin - min : span;
        IsLog = span > 0 && span / _floor > 1000;
    }

    /// <summary>The value drawn darkest.</summary>
    public double Min { get; }

    /// <summary>The value drawn brightest.</summary>
    public double Max { get; }

    /// <summary>True when colours follow log10(value − min).</summary>
    public bool IsLog { get; }

    /// <summary>Where <paramref name="value"/> falls, 0 (min) to 1 (max).</summary>
    public double Position(double value)
    {
        var span = Max - Min;
        if (span <= 0)
        {
            return 0.5;
        }

        var t = IsLog
            ? Math.Log10(Math.Max(value - Min, _floor) / _floor) / Math.Log10(span / _floor)
            : (value - Min) / span;
        return Math.Clamp(t, 0, 1);
    }

    /// <summary>The value at position <paramref name="t"/> (the inverse of <see cref="Position"/>, for legend labels).</summary>
    public double ValueAt(double t) => IsLog && t > 0
        ? Min + (_floor * Math.Pow((Max - Min) / _floor, t))
        : Min + ((Max - Min) * t);

    /// <summary>The colour at position <paramref name="t"/> in 0..1.</summary>
    public static (byte R, byte G, byte B) ColorAt(double t)
    {
        var x = Math.Clamp(t, 0, 1) * (Viridis.Length - 1);
        var i = Math.Min((int)x, Viridis.Length - 2);
        var f = x - i;
        var (a, b) = (Viridis[i], Viridis[i + 1]);
        return (Lerp(a.R, b.R, f), Lerp(a.G, b.G, f), Lerp(a.B, b.B, f));
    }

    /// <summary>The colour of <paramref name="value"/> as CSS hex.</summary>
    public string Css(double value)
    {
        var (r, g, b) = ColorAt(Position(value));
        return $"#{r:x2}{g:x2}{b:x2}";
    }

    private static byte Lerp(byte a, byte b, double f) => (byte)Math.Round(a + ((b - a) * f));
}
