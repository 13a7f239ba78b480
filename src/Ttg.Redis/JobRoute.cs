namespace Ttg.Redis;

/// <summary>What a leaser needs to know of a job before touching it; immutable for the job's life, so cached.</summary>
/// <param name="Computation">The job's computation.</param>
internal sealed record JobRoute(string Computation);
