using System.Globalization;

namespace Ttg.Bench;

/// <summary>Median and range of repeated measurements, formatted for the report.</summary>
internal static class Summary
{
    public static double Median(IReadOnlyList<double> values)
    {
        var sorted = values.OrderBy(v => v).ToArray();
        if (sorted.Length == 0)
        {
            return double.NaN;
        }

        var mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    /// <summary>"median (min–max)" with the given format.</summary>
    public static string Format(IReadOnlyList<double> values, string format)
    {
        if (values.Count == 0)
        {
            return "n/a";
        }

        string F(double v) => v.ToString(format, CultureInfo.InvariantCulture);
        return values.Count == 1 ? F(values[0]) : $"{F(Median(values))} ({F(values.Min())}–{F(values.Max())})";
    }
}
