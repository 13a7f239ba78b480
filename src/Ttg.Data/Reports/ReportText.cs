using System.Globalization;
using System.Net;

namespace Ttg.Reports;

/// <summary>Number formatting and escaping shared by the report's HTML and SVG.</summary>
internal static class ReportText
{
    /// <summary>Every number in the report is written in the invariant culture: SVG needs '.' decimals.</summary>
    public static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static string Number(double value) => value.ToString("G6", CultureInfo.InvariantCulture);

    public static string Tick(double value) => value.ToString("G4", CultureInfo.InvariantCulture);

    public static string Count(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>An SVG coordinate: invariant, two decimals at most.</summary>
    public static string Px(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    public static string Html(string? text) => WebUtility.HtmlEncode(text ?? string.Empty);

    public static string Html(Value value) => Html(value.ToString());

    /// <summary>Evenly spaced, rounded tick values covering [min, max] (about <paramref name="count"/> of them).</summary>
    public static IEnumerable<double> Ticks(double min, double max, int count = 5)
    {
        if (!(max > min))
        {
            yield return min;
            yield break;
        }

        var raw = (max - min) / count;
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        var step = new[] { 1.0, 2, 2.5, 5, 10 }.Select(m => m * magnitude).First(s => s >= raw);
        for (var t = Math.Ceiling(min / step) * step; t <= max + (step * 1e-9); t += step)
        {
            yield return Math.Abs(t) < step * 1e-9 ? 0 : t;
        }
    }
}
