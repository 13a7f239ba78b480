namespace Ttg.WorkQueue;

/// <summary>A chunk's encoded results, stored as one blob, and how many parameters succeeded and failed.</summary>
/// <param name="Results">The encoded results of every parameter of the chunk, in index order.</param>
/// <param name="Succeeded">Parameters with a result.</param>
/// <param name="Failed">Parameters recorded as failed (poison).</param>
public sealed record ChunkCompletion(ReadOnlyMemory<byte> Results, int Succeeded, int Failed);
