namespace Ttg.Progress;

/// <summary>Whether a job will make its deadline at the live workers' pace, and how many workers would.</summary>
/// <param name="Due">When the job must be done: its submission time plus its deadline.</param>
/// <param name="OnTrack">True when the ETA ends by <paramref name="Due"/>; null while there is no ETA.</param>
/// <param name="WorkersNeeded">
/// Workers at the measured mean pace that finish the remaining parameters by <paramref name="Due"/>; null while no pace
/// is measured or the deadline has passed. What an autoscaler targets.
/// </param>
/// <param name="Text">One line for status, such as "deadline 22:45:00 UTC (in 40:00): behind, needs 5 workers (2 live)".</param>
public sealed record DeadlineAssessment(DateTimeOffset Due, bool? OnTrack, int? WorkersNeeded, string Text);
