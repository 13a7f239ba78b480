namespace Ttg.WorkQueue;

/// <summary>A chunk's state as a backend reports it.</summary>
/// <param name="State">The chunk's state.</param>
/// <param name="WorkerId">The worker holding it when leased; otherwise null.</param>
/// <param name="Attempts">Attempts used so far.</param>
public sealed record ChunkStatus(ChunkState State, string? WorkerId, int Attempts);
