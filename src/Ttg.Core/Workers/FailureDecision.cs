namespace Ttg.Workers;

/// <summary>What to do with a chunk whose computation threw, or whose earlier holders died.</summary>
internal enum FailureAction
{
    /// <summary>Return it to the queue after a backoff; attempts remain.</summary>
    Retry = 0,
    /// <summary>Attempts are exhausted and it has several parameters: replace it by its halves.</summary>
    Split = 1,
    /// <summary>Attempts are exhausted on a single parameter: record that parameter as failed.</summary>
    RecordFailure = 2,
}

/// <summary>A decision with the backoff to apply when retrying.</summary>
/// <param name="Action">What to do.</param>
/// <param name="Delay">The retry delay; zero unless <see cref="FailureAction.Retry"/>.</param>
internal readonly record struct FailureDecision(FailureAction Action, TimeSpan Delay);
