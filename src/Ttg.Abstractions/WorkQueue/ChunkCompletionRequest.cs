namespace Ttg.WorkQueue;

/// <summary>One completion of a batch sent with <see cref="IWorkQueue.CompleteManyAsync"/>.</summary>
/// <param name="Lease">The lease the results were computed under.</param>
/// <param name="Completion">The encoded results.</param>
public sealed record ChunkCompletionRequest(ChunkLease Lease, ChunkCompletion Completion);
