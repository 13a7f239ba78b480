using System.Buffers;
using Ttg.Binary;

namespace Ttg.Spaces;

/// <summary>
/// Encodes the rows of an input table the way chunk payloads carry them, so a reader of any file format hands the
/// engine a <see cref="RowsSpace"/> without knowing the encoding. Not thread-safe: one builder per table.
/// </summary>
public sealed class RowsBuilder
{
    private readonly string[] _columns;
    private readonly ArrayBufferWriter<byte> _data = new();
    private readonly List<long> _offsets = [0];

    /// <summary>Starts a table with the given column names (the parameter names computations see).</summary>
    /// <exception cref="ArgumentException">A name is repeated.</exception>
    public RowsBuilder(IReadOnlyList<string> columns)
    {
        ArgumentNullException.ThrowIfNull(columns);
        if (columns.Distinct(StringComparer.Ordinal).Count() != columns.Count)
        {
            throw new ArgumentException("Column names must be unique.", nameof(columns));
        }

        _columns = [.. columns];
    }

    /// <summary>The column names.</summary>
    public IReadOnlyList<string> Columns => _columns;

    /// <summary>Rows added so far.</summary>
    public long Count => _offsets.Count - 1;

    /// <summary>Adds one row: one value per column, in column order.</summary>
    /// <exception cref="ArgumentException">The row does not have one value per column.</exception>
    public void Add(ReadOnlySpan<Value> row)
    {
        if (row.Length != _columns.Length)
        {
            throw new ArgumentException($"A row needs {_columns.Length} values, one per column, not {row.Length}.", nameof(row));
        }

        _data.WriteVarint((ulong)row.Length);
        foreach (var value in row)
        {
            _data.WriteValue(value);
        }

        _offsets.Add(_data.WrittenCount);
    }

    /// <summary>The submitter's space over the rows added so far; it cuts them into chunk payloads.</summary>
    public RowsSpace ToSpace() => RowsSpace.FromRows(_columns, _data.WrittenSpan.ToArray(), [.. _offsets]);
}
