using System.Globalization;
using Parquet;
using Parquet.Schema;

namespace Ttg.Results;

/// <summary>
/// One nullable Parquet column of exported values, buffered for the current row group. Its type is known up
/// front (a grid axis) or inferred once from the first batch: all booleans give bool, all integers int64,
/// numbers double, anything else (or nothing at all) string, which holds every value without loss.
/// </summary>
internal sealed class ParquetColumn(string name, ValueKind? kind, int capacity)
{
    private readonly Value[] _values = new Value[capacity];
    private int _count;

    public string Name { get; } = name;

    public ValueKind? Kind { get; private set; } = kind;

    public void Add(Value value) => _values[_count++] = value;

    /// <summary>Fixes the column's type from the buffered values when none was given.</summary>
    public DataField CreateField()
    {
        Kind ??= Infer(_values.AsSpan(0, _count));
        return Kind switch
        {
            ValueKind.Boolean => new DataField<bool?>(Name),
            ValueKind.Int64 => new DataField<long?>(Name),
            ValueKind.Double => new DataField<double?>(Name),
            _ => new DataField<string>(Name),
        };
    }

    public async ValueTask WriteAsync(ParquetRowGroupWriter group, DataField field, long[] indexes, CancellationToken cancellationToken)
    {
        switch (Kind)
        {
            case ValueKind.Boolean:
                await group.WriteAsync<bool>(field, Convert<bool>(indexes, v => v.Kind == ValueKind.Boolean ? v.AsBoolean() : null), null, null, cancellationToken).ConfigureAwait(false);
                break;
            case ValueKind.Int64:
                await group.WriteAsync<long>(field, Convert<long>(indexes, v => v.Kind is ValueKind.Int64 or ValueKind.Boolean || IsWhole(v) ? v.AsInt64() : null), null, null, cancellationToken).ConfigureAwait(false);
                break;
            case ValueKind.Double:
                await group.WriteAsync<double>(field, Convert<double>(indexes, v => v.IsNumber || v.Kind == ValueKind.Boolean ? v.AsDouble() : null), null, null, cancellationToken).ConfigureAwait(false);
                break;
            default:
                var texts = new string?[_count];
                for (var i = 0; i < _count; i++)
                {
                    texts[i] = _values[i].IsNull ? null : _values[i].ToString();
                }

                await group.WriteAsync(field, texts!, null).ConfigureAwait(false);
                break;
        }

        Array.Clear(_values, 0, _count);
        _count = 0;
    }

    internal static ValueKind Infer(ReadOnlySpan<Value> values)
    {
        ValueKind? kind = null;
        foreach (var value in values)
        {
            if (value.IsNull)
            {
                continue;
            }

            kind = kind switch
            {
                null => value.Kind,
                var k when k == value.Kind => k,
                ValueKind.Int64 or ValueKind.Double when value.IsNumber => ValueKind.Double,
                _ => ValueKind.String,
            };
        }

        return kind ?? ValueKind.String;
    }

    private static bool IsWhole(Value value) => value.Kind == ValueKind.Double && value.AsDouble() == Math.Floor(value.AsDouble()) && Math.Abs(value.AsDouble()) < 9.2e18;

    /// <summary>The buffered values in the column's type; a value that does not fit stops the export rather than vanish.</summary>
    private T?[] Convert<T>(long[] indexes, Func<Value, T?> convert)
        where T : struct
    {
        var converted = new T?[_count];
        for (var i = 0; i < _count; i++)
        {
            var value = _values[i];
            if (value.IsNull)
            {
                continue;
            }

            converted[i] = convert(value) ?? throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture,
                $"Parquet column '{Name}' is {Kind} (from the first rows) but row {indexes[i]} holds '{value}' ({value.Kind}); export to .csv or .jsonl, which take any value."));
        }

        return converted;
    }
}
