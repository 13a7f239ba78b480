using System.Globalization;

namespace Ttg.Jobs;

/// <summary>Reads durations written as seconds (<c>30</c>, <c>2.5</c>) or with a unit (<c>500ms</c>, <c>30s</c>, <c>2m</c>, <c>1h</c>).</summary>
public static class DurationText
{
    /// <summary>The longest duration accepted: one day.</summary>
    public const double MaxSeconds = 86_400;

    /// <summary>Parses a duration; false when the text is not one of the accepted forms, is negative, or is longer than <see cref="MaxSeconds"/>.</summary>
    public static bool TryParse(string? text, out TimeSpan duration) => TryParse(text, MaxSeconds, out duration);

    /// <summary>Parses a duration of at most <paramref name="maxSeconds"/> (a deadline may be days away); false otherwise.</summary>
    public static bool TryParse(string? text, double maxSeconds, out TimeSpan duration)
    {
        duration = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var trimmed = text.Trim().ToLowerInvariant();
        (string Suffix, double Seconds)[] units = [("ms", 0.001), ("s", 1), ("m", 60), ("h", 3600)];
        var scale = 1.0;
        foreach (var (suffix, seconds) in units)
        {
            if (trimmed.EndsWith(suffix, StringComparison.Ordinal) && !(suffix == "s" && trimmed.EndsWith("ms", StringComparison.Ordinal)))
            {
                trimmed = trimmed[..^suffix.Length].TrimEnd();
                scale = seconds;
                break;
            }
        }

        if (!double.TryParse(trimmed, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) || !double.IsFinite(number) || number < 0)
        {
            return false;
        }

        // Beyond a day no lease or limit makes sense, and far beyond it a TimeSpan overflows.
        var total = number * scale;
        if (total > maxSeconds)
        {
            return false;
        }

        duration = TimeSpan.FromSeconds(total);
        return true;
    }
}
