using System.Text.Json;

namespace Ttg.Jobs;

/// <summary>Reads a stored job's deadline without rebuilding its plan, for the views that show it.</summary>
public static class JobDeadline
{
    /// <summary>The longest deadline accepted: 366 days after submission.</summary>
    public const double MaxSeconds = 366 * 86_400;

    /// <summary>The deadline after submission in the stored spec JSON; null when none or the JSON is not a stored spec.</summary>
    public static TimeSpan? Read(string specJson)
    {
        try
        {
            return JsonSerializer.Deserialize(specJson, StoredJobSpecJson.Default.StoredJobSpec)?.Deadline is { } seconds && double.IsFinite(seconds) && seconds > 0
                ? TimeSpan.FromSeconds(seconds)
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
