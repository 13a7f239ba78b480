namespace Ttg.Spaces;

/// <summary>The integer range 0..Count-1 (<c>--params N</c>): parameters have an index and no named values.</summary>
public sealed class RangeSpace : ParameterSpace
{
    /// <summary>Creates the range of <paramref name="count"/> parameters.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is negative.</exception>
    public RangeSpace(long count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        Count = count;
    }

    /// <inheritdoc />
    public override long Count { get; }

    /// <inheritdoc />
    public override IReadOnlyList<string> Names => [];

    /// <inheritdoc />
    public override IParameterSource? SourceFor(long chunkStart, ReadOnlyMemory<byte> chunkPayload) => null;
}
