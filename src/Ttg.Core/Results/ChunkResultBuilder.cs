using System.Buffers;
using System.Buffers.Binary;
using Ttg.Binary;
using Ttg.WorkQueue;

namespace Ttg.Results;

/// <summary>
/// Collects the outcome of every parameter of one chunk and encodes them as one blob. When every outcome is a
/// double the blob is 8 bytes per parameter plus a header of a few bytes; otherwise a tagged encoding is used
/// (record field names written once when all records share them). Not thread-safe: one builder per chunk.
/// </summary>
public sealed class ChunkResultBuilder
{
    private const byte Unset = 0;
    private const byte HasResult = 1;
    private const byte HasFailure = 2;

    private readonly byte[] _state;
    private double[]? _doubles;
    private Result[]? _results;
    private ParameterFailure?[]? _failures;

    /// <summary>Starts a chunk of <paramref name="count"/> parameters whose first index is <paramref name="start"/>.</summary>
    public ChunkResultBuilder(long start, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(start);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        Start = start;
        Count = count;
        _state = new byte[count];
        _doubles = new double[count];
    }

    /// <summary>Index of the chunk's first parameter.</summary>
    public long Start { get; }

    /// <summary>Number of parameters; smaller after <see cref="Truncate"/>.</summary>
    public int Count { get; private set; }

    /// <summary>
    /// Keeps only the first <paramref name="count"/> parameters (the chunk's tail was handed back to be computed
    /// elsewhere): outcomes set beyond them are dropped and <see cref="Build"/> encodes the kept ones.
    /// </summary>
    public void Truncate(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, Count);
        Count = count;
    }

    /// <summary>Records the result of the parameter at <paramref name="offset"/> (index Start + offset); a later call replaces it.</summary>
    public void SetResult(int offset, Result result)
    {
        CheckOffset(offset);
        if (_doubles is not null && !result.IsRecord && result.Scalar.Kind == ValueKind.Double)
        {
            _doubles[offset] = result.Scalar.AsDouble();
        }
        else
        {
            Widen()[offset] = result;
        }

        _state[offset] = HasResult;
        _failures?[offset] = null;
    }

    /// <summary>Records that the parameter at <paramref name="offset"/> failed; a later call replaces it.</summary>
    public void SetFailure(int offset, ParameterFailure failure)
    {
        ArgumentNullException.ThrowIfNull(failure);
        CheckOffset(offset);
        Widen();
        (_failures ??= new ParameterFailure?[Count])[offset] = failure;
        _state[offset] = HasFailure;
    }

    /// <summary>Encodes every outcome.</summary>
    /// <exception cref="InvalidOperationException">A parameter has neither a result nor a failure.</exception>
    public ChunkCompletion Build()
    {
        var unset = Array.IndexOf(_state, Unset, 0, Count);
        if (unset >= 0)
        {
            throw new InvalidOperationException($"Parameter {Start + unset} (offset {unset}) of the chunk starting at {Start} has neither a result nor a failure; set every parameter before building.");
        }

        return _doubles is not null ? new ChunkCompletion(EncodeDoubles(_doubles), Count, 0) : EncodeTagged();
    }

    private byte[] EncodeDoubles(double[] doubles)
    {
        // Header: version, format, count as a varint; sized exactly so the blob is allocated once.
        Span<byte> header = stackalloc byte[12];
        header[0] = ResultFormat.Version;
        header[1] = ResultFormat.Doubles;
        var length = 2;
        var count = (uint)Count;
        while (count >= 0x80)
        {
            header[length++] = (byte)(count | 0x80);
            count >>= 7;
        }

        header[length++] = (byte)count;
        var blob = new byte[length + (8 * Count)];
        header[..length].CopyTo(blob);
        var body = blob.AsSpan(length);
        for (var i = 0; i < Count; i++)
        {
            BinaryPrimitives.WriteDoubleLittleEndian(body.Slice(8 * i, 8), doubles[i]);
        }

        return blob;
    }

    private ChunkCompletion EncodeTagged()
    {
        var results = _results!;
        var schema = SharedSchema(results);
        var writer = new ArrayBufferWriter<byte>(16 + (Count * 12));
        var traces = _failures?.Any(f => f?.StackTrace is not null) ?? false;
        writer.WriteByte(traces ? ResultFormat.VersionWithTraces : ResultFormat.Version);
        writer.WriteByte(ResultFormat.Tagged);
        writer.WriteVarint((ulong)Count);
        writer.WriteVarint((ulong)(schema?.Count ?? 0));
        foreach (var field in schema ?? [])
        {
            writer.WriteString(field.Name);
        }

        var failed = 0;
        for (var i = 0; i < Count; i++)
        {
            if (_state[i] == HasFailure)
            {
                var failure = _failures![i]!;
                writer.WriteByte(ResultFormat.TagFailure);
                writer.WriteString(failure.ExceptionType);
                writer.WriteString(failure.Message);
                writer.WriteVarint((ulong)Math.Max(0, failure.Attempts));
                if (traces)
                {
                    writer.WriteString(failure.StackTrace ?? string.Empty);
                }

                failed++;
                continue;
            }

            var result = results[i];
            if (!result.IsRecord)
            {
                writer.WriteByte(ResultFormat.TagScalar);
                writer.WriteValue(result.Scalar);
            }
            else if (schema is not null)
            {
                writer.WriteByte(ResultFormat.TagSharedRecord);
                foreach (var field in result.Fields)
                {
                    writer.WriteValue(field.Value);
                }
            }
            else
            {
                writer.WriteByte(ResultFormat.TagRecord);
                writer.WriteVarint((ulong)result.Fields.Count);
                foreach (var field in result.Fields)
                {
                    writer.WriteString(field.Name);
                    writer.WriteValue(field.Value);
                }
            }
        }

        return new ChunkCompletion(writer.WrittenSpan.ToArray(), Count - failed, failed);
    }

    /// <summary>The field list every record result shares, or null when there are no records or they differ.</summary>
    private IReadOnlyList<ResultField>? SharedSchema(Result[] results)
    {
        IReadOnlyList<ResultField>? schema = null;
        for (var i = 0; i < Count; i++)
        {
            if (_state[i] != HasResult || !results[i].IsRecord)
            {
                continue;
            }

            var fields = results[i].Fields;
            if (schema is null)
            {
                schema = fields;
                continue;
            }

            if (fields.Count != schema.Count)
            {
                return null;
            }

            for (var f = 0; f < fields.Count; f++)
            {
                if (!string.Equals(fields[f].Name, schema[f].Name, StringComparison.Ordinal))
                {
                    return null;
                }
            }
        }

        return schema;
    }

    /// <summary>Leaves the all-doubles fast path: copies doubles set so far into general results.</summary>
    private Result[] Widen()
    {
        if (_results is null)
        {
            _results = new Result[Count];
            for (var i = 0; i < Count; i++)
            {
                if (_state[i] == HasResult)
                {
                    _results[i] = _doubles![i];
                }
            }

            _doubles = null;
        }

        return _results;
    }

    private void CheckOffset(int offset)
    {
        if ((uint)offset >= (uint)Count)
        {
            throw new ArgumentOutOfRangeException(nameof(offset), $"Offset {offset} is outside the chunk's 0..{Count - 1}.");
        }
    }
}
