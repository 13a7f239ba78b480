namespace Ttg.Spaces;

/// <summary>
/// The rows of an input file (CSV or JSONL), one parameter per row. The submitter holds the encoded rows (from an <see cref="IInputReader"/>) and
/// cuts them into chunk payloads; a worker knows only the columns and reads each chunk's rows from its payload.
/// </summary>
public sealed class RowsSpace : ParameterSpace
{
    private readonly string[] _columns;
    private readonly Dictionary<string, int> _ordinals;
    private readonly byte[]? _data;
    private readonly long[]? _offsets;

    private RowsSpace(IReadOnlyList<string> columns, long count, byte[]? data, long[]? offsets)
    {
        _columns = [.. columns];
        _ordinals = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < _columns.Length; i++)
        {
            _ordinals[_columns[i]] = i;
        }

        Count = count;
        _data = data;
        _offsets = offsets;
    }

    /// <inheritdoc />
    public override long Count { get; }

    /// <inheritdoc />
    public override IReadOnlyList<string> Names => _columns;

    /// <summary>The submitter's view over encoded rows (see <see cref="RowsBuilder"/>): row i spans offsets[i]..offsets[i+1] of data.</summary>
    internal static RowsSpace FromRows(IReadOnlyList<string> columns, byte[] data, long[] offsets) => new(columns, offsets.Length - 1, data, offsets);

    /// <summary>The worker's view: the columns and row count only; rows come with each chunk.</summary>
    public static RowsSpace FromColumns(IReadOnlyList<string> columns, long count) => new(columns, count, null, null);

    /// <summary>The ordinal of a column, or -1.</summary>
    public int OrdinalOf(string name) => _ordinals.TryGetValue(name, out var ordinal) ? ordinal : -1;

    /// <inheritdoc />
    public override IParameterSource? SourceFor(long chunkStart, ReadOnlyMemory<byte> chunkPayload) => new RowsSource(this, chunkStart, chunkPayload);

    /// <inheritdoc />
    /// <exception cref="InvalidOperationException">This space was built from stored JSON and has no rows.</exception>
    public override ReadOnlyMemory<byte> PayloadFor(long start, int count)
    {
        if (_data is null || _offsets is null)
        {
            throw new InvalidOperationException("This input-file space was restored from a stored spec and carries no rows; chunks already carry theirs.");
        }

        ArgumentOutOfRangeException.ThrowIfNegative(start);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(start + count, Count);
        return RowsPayload.Build(_data, _offsets.AsSpan(checked((int)start), count + 1));
    }

    /// <inheritdoc />
    public override ReadOnlyMemory<byte> SlicePayload(ReadOnlyMemory<byte> payload, int offset, int count) =>
        RowsPayload.Slice(payload, offset, count);
}
