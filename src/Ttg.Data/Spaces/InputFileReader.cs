using System.Globalization;
using System.Text.Json;
using CsvHelper;
using CsvHelper.Configuration;
using Ttg.Jobs;

namespace Ttg.Spaces;

/// <summary>
/// Reads a job's input file into rows: a <c>.csv</c> with a header row (cells through <see cref="Value.Parse"/>;
/// a UTF-8 BOM, quoted commas and CRLF are read) or a <c>.jsonl</c> / <c>.ndjson</c> file of flat objects (values
/// by their JSON type, the first line's keys naming the columns). Every row must have every column.
/// </summary>
public sealed class InputFileReader : IInputReader
{
    /// <summary>The reader; it holds no state.</summary>
    public static InputFileReader Instance { get; } = new();

    /// <inheritdoc />
    public RowsSpace Read(string path)
    {
        if (!File.Exists(path))
        {
            throw JobSpecException.About($"{SpecField.Input} file '{path}' does not exist; pass the path of a .csv or .jsonl file");
        }

        var extension = Path.GetExtension(path).ToLowerInvariant();
        try
        {
            return extension switch
            {
                ".csv" => ReadCsv(path),
                ".jsonl" or ".ndjson" => ReadJsonl(path),
                _ => throw JobSpecException.About($"{SpecField.Input} file '{path}' has extension '{extension}'; use a .csv file with a header row or a .jsonl file with one JSON object per line"),
            };
        }
        catch (IOException ex)
        {
            throw JobSpecException.About($"{SpecField.Input} file '{path}' cannot be read ({ex.Message}); check the path and its permissions", ex);
        }
    }

    private static RowsSpace ReadCsv(string path)
    {
        var config = new CsvConfiguration(CultureInfo.InvariantCulture) { HasHeaderRecord = true, DetectColumnCountChanges = false };
        using var reader = new StreamReader(path);
        using var csv = new CsvReader(reader, config);
        try
        {
            if (!csv.Read() || !csv.ReadHeader() || csv.HeaderRecord is not { Length: > 0 } header)
            {
                throw JobSpecException.About($"{SpecField.Input} file '{path}' is empty; its first line must be a header naming the columns");
            }

            var columns = new List<string>();
            foreach (var raw in header)
            {
                var name = raw.Trim();
                if (name.Length == 0 || columns.Contains(name))
                {
                    throw JobSpecException.About($"{SpecField.Input} file '{path}' has an empty or repeated column name '{name}' in its header; give each column a unique name");
                }

                columns.Add(name);
            }

            var rows = new RowsBuilder(columns);
            var row = new Value[columns.Count];
            while (csv.Read())
            {
                var line = csv.Parser.RawRow;
                var fields = csv.Parser.Count;
                if (fields > columns.Count)
                {
                    throw JobSpecException.About($"{SpecField.Input} file '{path}' line {line} has {fields} cells but the header names {columns.Count} columns; add a column name or remove the extra cells");
                }

                if (fields < columns.Count)
                {
                    // A short row would reach the computation as nulls and fail there, far from the file.
                    throw JobSpecException.About($"{SpecField.Input} file '{path}' line {line} has {fields} cell{(fields == 1 ? "" : "s")} but the header names {columns.Count} columns: column '{columns[fields]}' is missing; fill in every column (an empty cell is written as two adjacent commas)");
                }

                for (var i = 0; i < fields; i++)
                {
                    row[i] = Value.Parse(csv.GetField(i));
                }

                rows.Add(row);
            }

            return rows.ToSpace();
        }
        catch (CsvHelperException ex)
        {
            throw JobSpecException.About($"{SpecField.Input} file '{path}' is not valid CSV near line {ex.Context?.Parser?.Row}: {FirstLine(ex.Message)}; fix the file", ex);
        }
    }

    private static RowsSpace ReadJsonl(string path)
    {
        var columns = new List<string>();
        var ordinals = new Dictionary<string, int>(StringComparer.Ordinal);
        RowsBuilder? rows = null;
        var line = 0;
        var firstLine = 0;
        var row = new List<Value>();
        var present = new List<bool>();
        foreach (var text in File.ReadLines(path))
        {
            line++;
            if (string.IsNullOrWhiteSpace(text))
            {
                continue;
            }

            row.Clear();
            present.Clear();
            try
            {
                using var document = JsonDocument.Parse(text);
                if (document.RootElement.ValueKind != JsonValueKind.Object)
                {
                    throw JobSpecException.About($"{SpecField.Input} file '{path}' line {line} is not a JSON object; write one flat object per line, such as {{\"x\": 1, \"label\": \"a\"}}");
                }

                var first = columns.Count == 0;
                foreach (var property in document.RootElement.EnumerateObject())
                {
                    if (!ordinals.TryGetValue(property.Name, out var ordinal))
                    {
                        // The first object names the columns; a later key would leave earlier rows without it.
                        if (!first)
                        {
                            throw JobSpecException.About($"{SpecField.Input} file '{path}' line {line} has key '{property.Name}', which line {firstLine} lacks; give every line the same keys ({string.Join(", ", columns)})");
                        }

                        ordinal = columns.Count;
                        ordinals[property.Name] = ordinal;
                        columns.Add(property.Name);
                    }

                    while (row.Count <= ordinal)
                    {
                        row.Add(Value.Null);
                        present.Add(false);
                    }

                    row[ordinal] = ToValue(property.Value, path, line, property.Name);
                    present[ordinal] = true;
                }

                if (first)
                {
                    firstLine = line;
                }

                while (row.Count < columns.Count)
                {
                    row.Add(Value.Null);
                    present.Add(false);
                }

                var missing = present.IndexOf(false);
                if (missing >= 0)
                {
                    throw JobSpecException.About($"{SpecField.Input} file '{path}' line {line} has no key '{columns[missing]}', which line {firstLine} has; give every line the same keys (write \"{columns[missing]}\": null for no value)");
                }
            }
            catch (JsonException ex)
            {
                throw JobSpecException.About($"{SpecField.Input} file '{path}' line {line} is not valid JSON ({FirstLine(ex.Message)}); write one JSON object per line", ex);
            }

            // The first object fixes the columns, so the builder starts with it.
            rows ??= new RowsBuilder(columns);
            rows.Add(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(row));
        }

        return (rows ?? new RowsBuilder(columns)).ToSpace();
    }

    private static Value ToValue(JsonElement element, string path, int line, string name) => element.ValueKind switch
    {
        JsonValueKind.Number when element.TryGetInt64(out var integer) => Value.FromInt64(integer),
        JsonValueKind.Number => Value.FromDouble(element.GetDouble()),
        JsonValueKind.String => Value.FromString(element.GetString()),
        JsonValueKind.True => Value.FromBoolean(true),
        JsonValueKind.False => Value.FromBoolean(false),
        JsonValueKind.Null => Value.Null,
        _ => throw JobSpecException.About($"{SpecField.Input} file '{path}' line {line} field '{name}' is a nested {element.ValueKind.ToString().ToLowerInvariant()}; parameters must be flat scalars (numbers, strings, booleans)"),
    };

    private static string FirstLine(string message) => message.Split('\n')[0].Trim();
}
