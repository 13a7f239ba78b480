namespace Ttg.Progress;

/// <summary>One worker's measured pace in a job.</summary>
/// <param name="WorkerId">The worker.</param>
/// <param name="PerSecond">Parameters it records per second (all its slots together).</param>
/// <param name="LastCompletion">When the store last recorded a completion of it.</param>
/// <param name="TypicalGap">The mean time between its completions, which says how long a silence is unusual.</param>
internal sealed record WorkerPace(string WorkerId, double PerSecond, DateTimeOffset LastCompletion, TimeSpan TypicalGap);
