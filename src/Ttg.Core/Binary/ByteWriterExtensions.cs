using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace Ttg.Binary;

/// <summary>Little-endian primitives written to an <see cref="IBufferWriter{T}"/>; shared by chunk payloads and result blobs.</summary>
internal static class ByteWriterExtensions
{
    public static void WriteByte(this IBufferWriter<byte> writer, byte value)
    {
        writer.GetSpan(1)[0] = value;
        writer.Advance(1);
    }

    public static void WriteVarint(this IBufferWriter<byte> writer, ulong value)
    {
        var span = writer.GetSpan(10);
        var i = 0;
        while (value >= 0x80)
        {
            span[i++] = (byte)(value | 0x80);
            value >>= 7;
        }

        span[i++] = (byte)value;
        writer.Advance(i);
    }

    public static void WriteDouble(this IBufferWriter<byte> writer, double value)
    {
        BinaryPrimitives.WriteDoubleLittleEndian(writer.GetSpan(8), value);
        writer.Advance(8);
    }

    public static void WriteInt64(this IBufferWriter<byte> writer, long value)
    {
        BinaryPrimitives.WriteInt64LittleEndian(writer.GetSpan(8), value);
        writer.Advance(8);
    }

    public static void WriteString(this IBufferWriter<byte> writer, string value)
    {
        var length = Encoding.UTF8.GetByteCount(value);
        writer.WriteVarint((ulong)length);
        var span = writer.GetSpan(length);
        Encoding.UTF8.GetBytes(value, span);
        writer.Advance(length);
    }

    /// <summary>A value as its kind byte followed by its content; strings carry their UTF-8 length.</summary>
    public static void WriteValue(this IBufferWriter<byte> writer, Value value)
    {
        writer.WriteByte((byte)value.Kind);
        switch (value.Kind)
        {
            case ValueKind.Double:
                writer.WriteDouble(value.AsDouble());
                break;
            case ValueKind.Int64:
                writer.WriteInt64(value.AsInt64());
                break;
            case ValueKind.Boolean:
                writer.WriteByte(value.AsBoolean() ? (byte)1 : (byte)0);
                break;
            case ValueKind.String:
                writer.WriteString(value.ToString());
                break;
        }
    }
}
