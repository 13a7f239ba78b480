namespace Ttg.WorkQueue;

/// <summary>One recorded completion batch: when the store recorded it, whose it was and how many parameters it held.</summary>
/// <param name="At">The store's clock when the batch was recorded.</param>
/// <param name="WorkerId">The worker that completed it.</param>
/// <param name="Parameters">Parameters recorded, succeeded or failed.</param>
public readonly record struct PaceSample(DateTimeOffset At, string WorkerId, long Parameters);
