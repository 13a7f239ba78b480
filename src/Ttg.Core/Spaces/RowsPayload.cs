using System.Buffers;
using System.Buffers.Binary;
using Ttg.Binary;

namespace Ttg.Spaces;

/// <summary>
/// The rows a chunk carries: <c>[version][row count varint][row count + 1 offsets, uint32 LE][rows]</c>, each row a
/// varint value count then its values. The offset table makes a payload sliceable without decoding values.
/// </summary>
internal static class RowsPayload
{
    public const byte Version = 1;

    /// <summary>Builds a payload from already encoded rows: row i spans <paramref name="offsets"/>[i]..[i+1] of <paramref name="data"/>.</summary>
    public static byte[] Build(ReadOnlySpan<byte> data, ReadOnlySpan<long> offsets)
    {
        var rows = offsets.Length - 1;
        var first = offsets[0];
        var length = checked((int)(offsets[rows] - first));
        var writer = new ArrayBufferWriter<byte>(16 + (4 * (rows + 1)) + length);
        writer.WriteByte(Version);
        writer.WriteVarint((ulong)rows);
        for (var i = 0; i <= rows; i++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(writer.GetSpan(4), (uint)(offsets[i] - first));
            writer.Advance(4);
        }

        data.Slice(checked((int)first), length).CopyTo(writer.GetSpan(length));
        writer.Advance(length);
        return writer.WrittenSpan.ToArray();
    }

    /// <summary>The rows [<paramref name="offset"/>, <paramref name="offset"/>+<paramref name="count"/>) of a payload, as a new payload.</summary>
    public static byte[] Slice(ReadOnlyMemory<byte> payload, int offset, int count)
    {
        var (rows, table, data) = Open(payload);
        if (offset < 0 || count < 0 || offset + count > rows)
        {
            throw new ArgumentOutOfRangeException(nameof(offset), $"Rows {offset}..{offset + count - 1} are outside the payload's {rows} rows.");
        }

        var offsets = new long[count + 1];
        for (var i = 0; i <= count; i++)
        {
            offsets[i] = BinaryPrimitives.ReadUInt32LittleEndian(table.Span.Slice(4 * (offset + i), 4));
        }

        return Build(data.Span, offsets);
    }

    /// <summary>Decodes every row into a dense row-major array of <paramref name="columns"/> values per row (missing trailing values are null).</summary>
    public static Value[] Decode(ReadOnlyMemory<byte> payload, int columns, out int rows)
    {
        var (count, _, data) = Open(payload);
        rows = count;
        var values = new Value[count * columns];
        var reader = new ByteReader(data);
        for (var row = 0; row < count; row++)
        {
            var present = reader.ReadCount();
            for (var c = 0; c < present; c++)
            {
                var value = reader.ReadValue();
                if (c < columns)
                {
                    values[(row * columns) + c] = value;
                }
            }
        }

        return values;
    }

    private static (int Rows, ReadOnlyMemory<byte> Table, ReadOnlyMemory<byte> Data) Open(ReadOnlyMemory<byte> payload)
    {
        if (payload.IsEmpty)
        {
            throw new InvalidDataException("The chunk carries no rows, but the job's space is an input file; the chunk was stored without its payload.");
        }

        var reader = new ByteReader(payload);
        var version = reader.ReadByte();
        if (version != Version)
        {
            throw new InvalidDataException($"The chunk's rows use encoding version {version}; this build reads version {Version}. Run workers of the same version as the submitter.");
        }

        var rows = reader.ReadCount();
        var tableStart = reader.Position;
        var tableLength = 4 * (rows + 1);
        if (tableStart + tableLength > payload.Length)
        {
            throw new InvalidDataException("The chunk's rows are truncated.");
        }

        return (rows, payload.Slice(tableStart, tableLength), payload[(tableStart + tableLength)..]);
    }
}
