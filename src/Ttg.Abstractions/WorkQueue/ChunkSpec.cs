namespace Ttg.WorkQueue;

/// <summary>A chunk to be created: a contiguous range of parameter indices, with the rows it carries when the space is an input file.</summary>
/// <param name="Start">Index of the first parameter.</param>
/// <param name="Count">Number of parameters (at least 1).</param>
/// <param name="Payload">Rows carried by the chunk (input-file spaces); empty for grids and ranges.</param>
public sealed record ChunkSpec(long Start, int Count, ReadOnlyMemory<byte> Payload = default)
{
    /// <summary>
    /// Results already known at submission (copies of an earlier job's, when a job reuses them): the chunk is stored
    /// completed with these results and counted done, and is never leased. Default: null, a chunk to compute.
    /// </summary>
    public ChunkCompletion? Completed { get; init; }
}
