namespace Ttg.Workers;

/// <summary>What <c>/healthz</c> and <c>/readyz</c> report for a worker.</summary>
/// <param name="Live">False when the worker stopped on a fault or one of its stages is stuck (work held, no progress): restart it.</param>
/// <param name="Ready">True while it runs and reaches its backend: it is doing work now.</param>
/// <param name="Reason">Why it is not live or not ready, in one line; null when it is both.</param>
public sealed record WorkerHealth(bool Live, bool Ready, string? Reason);
