namespace Ttg.Spaces;

/// <summary>The values of one chunk of an input-file space, decoded once per chunk so reads are array lookups.</summary>
internal sealed class RowsSource : IParameterSource
{
    private readonly RowsSpace _space;
    private readonly long _start;
    private readonly int _rows;
    private readonly int _columns;
    private readonly Value[] _values;

    public RowsSource(RowsSpace space, long start, ReadOnlyMemory<byte> payload)
    {
        _space = space;
        _start = start;
        _columns = space.Names.Count;
        _values = RowsPayload.Decode(payload, _columns, out _rows);
    }

    public IReadOnlyList<string> Names => _space.Names;

    public int OrdinalOf(string name) => _space.OrdinalOf(name);

    public Value GetValue(long index, int ordinal)
    {
        var row = index - _start;
        if ((ulong)row >= (ulong)_rows)
        {
            throw new ArgumentOutOfRangeException(nameof(index), $"Index {index} is outside this chunk's rows {_start}..{_start + _rows - 1}.");
        }

        if ((uint)ordinal >= (uint)_columns)
        {
            throw new ArgumentOutOfRangeException(nameof(ordinal), $"Ordinal {ordinal} is outside the {_columns} columns.");
        }

        return _values[(row * _columns) + ordinal];
    }
}
