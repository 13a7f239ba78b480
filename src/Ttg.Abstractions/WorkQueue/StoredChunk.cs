namespace Ttg.WorkQueue;

/// <summary>The stored results of one completed chunk.</summary>
/// <param name="Start">Index of the first parameter.</param>
/// <param name="Count">Number of parameters.</param>
/// <param name="Results">The blob given to <see cref="IWorkQueue.CompleteAsync"/>.</param>
/// <param name="Payload">The rows the chunk carried (input-file spaces), kept so results can be exported with their parameters; empty otherwise.</param>
public sealed record StoredChunk(long Start, int Count, ReadOnlyMemory<byte> Results, ReadOnlyMemory<byte> Payload = default);
