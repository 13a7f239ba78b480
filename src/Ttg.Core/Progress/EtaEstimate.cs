namespace Ttg.Progress;

/// <summary>What a job's progress says about its speed and end: a rate and an ETA, or why there is none.</summary>
/// <param name="Rate">Parameters per second of the job's live workers together; null when not known or not meaningful.</param>
/// <param name="Eta">Time until the last parameter is recorded; null whenever <paramref name="Rate"/> is, or no estimate can be made yet.</param>
/// <param name="Missing">Why there is no ETA ("cancelled", "paused", "finished", "no live workers", "measuring"); null when there is one.</param>
/// <param name="LiveWorkers">Workers counted as live: the store's live sessions when known, else those completing recently.</param>
/// <param name="PerWorkerRate">The mean measured pace of one live worker, null when none is measured yet (what deadlines size with).</param>
public sealed record EtaEstimate(double? Rate, TimeSpan? Eta, string? Missing, int LiveWorkers, double? PerWorkerRate)
{
    /// <summary>An estimate with neither rate nor ETA, for <paramref name="reason"/>.</summary>
    public static EtaEstimate None(string reason, int liveWorkers = 0) => new(null, null, reason, liveWorkers, null);

    /// <summary>The ETA as shown by every view: h:mm:ss or mm:ss, else the reason, else "--:--".</summary>
    public string EtaText => Eta is { } s
        ? s.TotalHours >= 1 ? s.ToString(@"h\:mm\:ss", System.Globalization.CultureInfo.InvariantCulture) : s.ToString(@"mm\:ss", System.Globalization.CultureInfo.InvariantCulture)
        : Missing ?? "--:--";

    /// <summary>The rate as shown by every view: "1,234 params/s", or "-" when there is none.</summary>
    public string RateText => Rate is { } r ? r.ToString("N0", System.Globalization.CultureInfo.InvariantCulture) + " params/s" : "- params/s";
}
