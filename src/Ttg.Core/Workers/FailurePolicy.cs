namespace Ttg.Workers;

/// <summary>
/// Poison isolation as one pure rule, shared by every backend: retry with exponential backoff until the
/// attempts are spent, then split the chunk, until the failing parameters stand alone and are recorded as failed.
/// The worker splits around the parameter that raised the exception when it knows it (2 × MaxAttempts attempts
/// per poison parameter), and in halves when it does not (a worker died, set-up failed: at most MaxAttempts ×
/// log2(chunk size)). Parts start with a fresh budget, so a transient failure is never mistaken for poison.
/// </summary>
internal static class FailurePolicy
{
    /// <summary>Decides for a chunk of <paramref name="count"/> parameters that failed on <paramref name="attempt"/> (from 1).</summary>
    public static FailureDecision Decide(int attempt, int maxAttempts, int count, TimeSpan baseDelay, TimeSpan maxDelay)
    {
        if (attempt < maxAttempts)
        {
            // Exponential backoff: base, 2×base, 4×base … capped, so a struggling dependency gets room to recover.
            var factor = Math.Pow(2, Math.Min(attempt - 1, 30));
            var delay = TimeSpan.FromMilliseconds(Math.Min(baseDelay.TotalMilliseconds * factor, maxDelay.TotalMilliseconds));
            return new FailureDecision(FailureAction.Retry, delay);
        }

        return count > 1
            ? new FailureDecision(FailureAction.Split, TimeSpan.Zero)
            : new FailureDecision(FailureAction.RecordFailure, TimeSpan.Zero);
    }

    /// <summary>
    /// True when a freshly leased chunk has already used more attempts than allowed: its earlier holders died
    /// while computing it (a parameter that crashes the process), so it is isolated without computing it again.
    /// </summary>
    public static bool IsExhaustedOnArrival(int attempt, int maxAttempts) => attempt > maxAttempts;
}
