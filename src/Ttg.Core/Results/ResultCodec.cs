using System.Buffers.Binary;
using Ttg.Binary;
using Ttg.WorkQueue;

namespace Ttg.Results;

/// <summary>Decodes the result blobs written by <see cref="ChunkResultBuilder"/>.</summary>
public static class ResultCodec
{
    /// <summary>The outcome of every parameter of a stored chunk, in index order, decoded lazily.</summary>
    /// <exception cref="InvalidDataException">The blob is of an unknown version, truncated, or does not match the chunk's count.</exception>
    public static IEnumerable<ParameterOutcome> Decode(StoredChunk chunk)
    {
        ArgumentNullException.ThrowIfNull(chunk);
        var reader = new ByteReader(chunk.Results);
        var version = reader.ReadByte();
        if (version is not (ResultFormat.Version or ResultFormat.VersionWithTraces))
        {
            throw new InvalidDataException($"Results of the chunk at {chunk.Start} use encoding version {version}; this build reads versions {ResultFormat.Version} and {ResultFormat.VersionWithTraces}. Read them with the TTG version that wrote them.");
        }

        var format = reader.ReadByte();
        var count = reader.ReadCount();
        if (count != chunk.Count)
        {
            throw new InvalidDataException($"Results of the chunk at {chunk.Start} hold {count} parameters but the chunk has {chunk.Count}.");
        }

        return format switch
        {
            ResultFormat.Doubles => DecodeDoubles(chunk, reader.Position),
            ResultFormat.Tagged => DecodeTagged(chunk, reader, version == ResultFormat.VersionWithTraces),
            _ => throw new InvalidDataException($"Results of the chunk at {chunk.Start} use unknown format {format}."),
        };
    }

    private static IEnumerable<ParameterOutcome> DecodeDoubles(StoredChunk chunk, int offset)
    {
        if (chunk.Results.Length - offset != 8 * chunk.Count)
        {
            throw new InvalidDataException($"Results of the chunk at {chunk.Start} are {chunk.Results.Length} bytes, not the {offset + (8 * chunk.Count)} expected.");
        }

        for (var i = 0; i < chunk.Count; i++)
        {
            var value = BinaryPrimitives.ReadDoubleLittleEndian(chunk.Results.Span.Slice(offset + (8 * i), 8));
            yield return new ParameterOutcome(chunk.Start + i, value, null);
        }
    }

    private static IEnumerable<ParameterOutcome> DecodeTagged(StoredChunk chunk, ByteReader reader, bool traces)
    {
        var names = new string[reader.ReadCount()];
        for (var i = 0; i < names.Length; i++)
        {
            names[i] = reader.ReadString();
        }

        for (var i = 0; i < chunk.Count; i++)
        {
            var index = chunk.Start + i;
            var tag = reader.ReadByte();
            yield return tag switch
            {
                ResultFormat.TagScalar => new ParameterOutcome(index, Result.Of(reader.ReadValue()), null),
                ResultFormat.TagSharedRecord => new ParameterOutcome(index, ReadShared(reader, names), null),
                ResultFormat.TagRecord => new ParameterOutcome(index, ReadRecord(reader), null),
                ResultFormat.TagFailure => new ParameterOutcome(index, default, ReadFailure(reader, traces)),
                _ => throw new InvalidDataException($"Result of parameter {index} has unknown tag {tag}."),
            };
        }
    }

    private static ParameterFailure ReadFailure(ByteReader reader, bool traces)
    {
        var type = reader.ReadString();
        var message = reader.ReadString();
        var attempts = reader.ReadCount();
        var trace = traces ? reader.ReadString() : null;
        return new ParameterFailure(type, message, attempts, string.IsNullOrEmpty(trace) ? null : trace);
    }

    private static Result ReadShared(ByteReader reader, string[] names)
    {
        var fields = new ResultField[names.Length];
        for (var f = 0; f < names.Length; f++)
        {
            fields[f] = new ResultField(names[f], reader.ReadValue());
        }

        return Result.Record(fields);
    }

    private static Result ReadRecord(ByteReader reader)
    {
        var fields = new ResultField[reader.ReadCount()];
        for (var f = 0; f < fields.Length; f++)
        {
            var name = reader.ReadString();
            fields[f] = new ResultField(name, reader.ReadValue());
        }

        return Result.Record(fields);
    }
}
