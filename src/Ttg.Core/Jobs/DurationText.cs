using System.Globalization;

namespace Ttg.Jobs;

/// <summary>Reads durations written as seconds (<c>30</c>, <c>2.5</c>) or with a unit (<c>500ms</c>, <c>30s</c>, <c>2m</c>, <c>1h</c>).</summary>
public static class DurationText
{
    /// <summary>Parses a duration; false when the text is not one of the accepted forms or is negative.</summary>
    public static bool TryParse(string? text, out TimeSpan duration)
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

        duration = TimeSpan.FromSeconds(number * scale);
        return true;
    }
}
