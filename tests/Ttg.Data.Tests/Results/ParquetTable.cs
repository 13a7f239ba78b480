using Parquet;
using Parquet.Schema;

namespace Ttg.Data.Tests.Results;

/// <summary>A Parquet file read back whole with Parquet.Net: column types and values (test data is small).</summary>
internal sealed class ParquetTable
{
    private ParquetTable(IReadOnlyList<DataField> fields, Dictionary<string, List<object?>> columns, int rowGroups)
    {
        Fields = fields;
        Columns = columns;
        RowGroups = rowGroups;
    }

    public IReadOnlyList<DataField> Fields { get; }

    public Dictionary<string, List<object?>> Columns { get; }

    public int RowGroups { get; }

    public int RowCount => Columns["index"].Count;

    /// <summary>The column's CLR type; strings read back as <see cref="ReadOnlyMemory{T}"/> of char are reported as string.</summary>
    public Type TypeOf(string name) => ClrTypeOf(Fields.Single(f => f.Name == name));

    public IEnumerable<Type> Types => Fields.Select(ClrTypeOf);

    private static Type ClrTypeOf(DataField field) => field.ClrType == typeof(ReadOnlyMemory<char>) ? typeof(string) : field.ClrType;

    public bool IsNullable(string name) => Fields.Single(f => f.Name == name).IsNullable;

    public static async Task<ParquetTable> ReadAsync(string path)
    {
        await using var reader = await ParquetReader.CreateAsync(path);
        var fields = reader.Schema.GetDataFields();
        var columns = fields.ToDictionary(f => f.Name, _ => new List<object?>());
        for (var g = 0; g < reader.RowGroupCount; g++)
        {
            var group = reader.OpenRowGroupReader(g);
            var rows = (int)group.RowCount;
            foreach (var field in fields)
            {
                columns[field.Name].AddRange(await ReadColumnAsync(group, field, rows));
            }
        }

        return new ParquetTable(fields, columns, reader.RowGroupCount);
    }

    private static async Task<IEnumerable<object?>> ReadColumnAsync(ParquetRowGroupReader group, DataField field, int rows)
    {
        if (ClrTypeOf(field) == typeof(string))
        {
            var texts = new string?[rows];
            await group.ReadAsync(field, texts.AsMemory());
            return texts;
        }

        if (field.ClrType == typeof(long) && !field.IsNullable)
        {
            var values = new long[rows];
            await group.ReadAsync<long>(field, values.AsMemory());
            return values.Cast<object?>();
        }

        return field.ClrType switch
        {
            var t when t == typeof(long) => await ReadNullableAsync<long>(group, field, rows),
            var t when t == typeof(double) => await ReadNullableAsync<double>(group, field, rows),
            var t when t == typeof(bool) => await ReadNullableAsync<bool>(group, field, rows),
            var t => throw new InvalidOperationException($"Unexpected column type {t}"),
        };
    }

    private static async Task<IEnumerable<object?>> ReadNullableAsync<T>(ParquetRowGroupReader group, DataField field, int rows)
        where T : struct
    {
        var values = new T?[rows];
        await group.ReadAsync<T>(field, values.AsMemory());
        return values.Select(v => v.HasValue ? (object?)v.Value : null);
    }
}
