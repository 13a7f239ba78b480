namespace Ttg.Spaces;

/// <summary>
/// The set of parameters a job computes, indexed 0..<see cref="Count"/>-1: a plain range, a grid of named axes, or
/// the rows of an input file. A space never materialises its parameters; chunks see them through
/// <see cref="SourceFor"/>.
/// </summary>
public abstract class ParameterSpace
{
    /// <summary>Number of parameters.</summary>
    public abstract long Count { get; }

    /// <summary>The names of every parameter's values, in order; empty for a plain range.</summary>
    public abstract IReadOnlyList<string> Names { get; }

    /// <summary>
    /// The values of the chunk starting at <paramref name="chunkStart"/> whose carried rows are
    /// <paramref name="chunkPayload"/>; null for a plain range (a <see cref="Parameter"/> then has no names).
    /// </summary>
    public abstract IParameterSource? SourceFor(long chunkStart, ReadOnlyMemory<byte> chunkPayload);

    /// <summary>The rows a chunk covering [<paramref name="start"/>, <paramref name="start"/>+<paramref name="count"/>) carries; empty unless the space is an input file.</summary>
    public virtual ReadOnlyMemory<byte> PayloadFor(long start, int count) => ReadOnlyMemory<byte>.Empty;

    /// <summary>The part of a chunk's payload for its parameters [<paramref name="offset"/>, <paramref name="offset"/>+<paramref name="count"/>); empty unless the space is an input file.</summary>
    public virtual ReadOnlyMemory<byte> SlicePayload(ReadOnlyMemory<byte> payload, int offset, int count) => ReadOnlyMemory<byte>.Empty;
}
