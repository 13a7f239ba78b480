namespace Ttg.WorkQueue;

/// <summary>
/// A job's recent completions as the store recorded them, so every reader (status, watch, the dashboard)
/// derives the same rate from the same history instead of differencing its own polls.
/// </summary>
/// <param name="AsOf">The store's clock when this was read; sample ages are measured from it, so readers' clocks do not matter.</param>
/// <param name="Recent">The completions of about the last two minutes, oldest first (backends may keep fewer).</param>
public sealed record JobPace(DateTimeOffset AsOf, IReadOnlyList<PaceSample> Recent)
{
    /// <summary>How far back backends keep completions for <see cref="Recent"/>.</summary>
    public static readonly TimeSpan Horizon = TimeSpan.FromMinutes(2);

    /// <summary>At most this many samples are returned, the newest ones.</summary>
    public const int MaxSamples = 1024;
}
