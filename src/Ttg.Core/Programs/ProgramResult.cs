using System.Text.Json;

namespace Ttg.Programs;

/// <summary>Reads a program's JSON answer as a <see cref="Result"/>: a number, string, boolean or flat object.</summary>
internal static class ProgramResult
{
    /// <summary>Parses one line of JSON text.</summary>
    /// <exception cref="FormatException">The text is not JSON or not a value TTG can store; the message shows it.</exception>
    public static Result Parse(string line)
    {
        try
        {
            using var document = JsonDocument.Parse(line);
            return From(document.RootElement);
        }
        catch (JsonException)
        {
            throw new FormatException($"its last line is not JSON: {Shorten(line)}; print a number, a string, true/false or a flat object such as {{\"loss\": 0.1}}");
        }
    }

    /// <summary>Converts a JSON value; a nested object or an array is refused.</summary>
    /// <exception cref="FormatException">The value is an array, or an object with a nested value.</exception>
    public static Result From(JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            return Result.Of(Scalar(element, "result"));
        }

        var fields = new List<ResultField>();
        foreach (var property in element.EnumerateObject())
        {
            fields.Add(new ResultField(property.Name, Scalar(property.Value, property.Name)));
        }

        return fields.Count == 0
            ? throw new FormatException("its result is an empty object; return at least one field")
            : Result.Record(fields);
    }

    private static Value Scalar(JsonElement element, string name) => element.ValueKind switch
    {
        JsonValueKind.Number => element.GetDouble(),
        JsonValueKind.String => element.GetString(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.Null => Value.Null,
        _ => throw new FormatException($"its result '{name}' is a JSON {element.ValueKind.ToString().ToLowerInvariant()}; results are flat: numbers, strings, booleans, or an object of them"),
    };

    /// <summary>At most 200 characters of <paramref name="text"/>, for messages.</summary>
    public static string Shorten(string text) => text.Length <= 200 ? text : string.Concat(text.AsSpan(0, 200), "…");
}
