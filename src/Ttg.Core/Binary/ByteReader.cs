using System.Buffers.Binary;

namespace Ttg.Binary;

/// <summary>Reads what <see cref="ByteWriterExtensions"/> wrote; a class (not a ref struct) so iterators can hold it.</summary>
internal sealed class ByteReader(ReadOnlyMemory<byte> data)
{
    private readonly ReadOnlyMemory<byte> _data = data;

    public int Position { get; set; }

    public bool AtEnd => Position >= _data.Length;

    public byte ReadByte()
    {
        Require(1);
        return _data.Span[Position++];
    }

    public ulong ReadVarint()
    {
        ulong result = 0;
        var shift = 0;
        while (true)
        {
            var b = ReadByte();
            result |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return result;
            }

            shift += 7;
            if (shift > 63)
            {
                throw new InvalidDataException("Corrupt encoding: a variable-length integer is too long.");
            }
        }
    }

    public int ReadCount()
    {
        var value = ReadVarint();
        return value <= int.MaxValue ? (int)value : throw new InvalidDataException($"Corrupt encoding: count {value} is too large.");
    }

    public double ReadDouble()
    {
        Require(8);
        var value = BinaryPrimitives.ReadDoubleLittleEndian(_data.Span.Slice(Position, 8));
        Position += 8;
        return value;
    }

    public long ReadInt64()
    {
        Require(8);
        var value = BinaryPrimitives.ReadInt64LittleEndian(_data.Span.Slice(Position, 8));
        Position += 8;
        return value;
    }

    public string ReadString()
    {
        var length = ReadCount();
        Require(length);
        var value = System.Text.Encoding.UTF8.GetString(_data.Span.Slice(Position, length));
        Position += length;
        return value;
    }

    public Value ReadValue()
    {
        var kind = (ValueKind)ReadByte();
        return kind switch
        {
            ValueKind.Null => Value.Null,
            ValueKind.Double => Value.FromDouble(ReadDouble()),
            ValueKind.Int64 => Value.FromInt64(ReadInt64()),
            ValueKind.Boolean => Value.FromBoolean(ReadByte() != 0),
            ValueKind.String => Value.FromString(ReadString()),
            _ => throw new InvalidDataException($"Corrupt encoding: unknown value kind {(byte)kind}."),
        };
    }

    private void Require(int length)
    {
        if (length < 0 || Position + length > _data.Length)
        {
            throw new InvalidDataException($"Corrupt encoding: needs {length} bytes at offset {Position} of {_data.Length}.");
        }
    }
}
