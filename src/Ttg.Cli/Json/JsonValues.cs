using System.Text.Json;
using System.Text.Json.Nodes;

namespace Ttg.Cli.Json;

/// <summary>Values and results as JSON nodes; NaN and infinities (which JSON cannot hold) become strings.</summary>
internal static class JsonValues
{
    public static JsonNode? Of(Value value) => value.Kind switch
    {
        ValueKind.Double when double.IsFinite(value.AsDouble()) => JsonValue.Create(value.AsDouble()),
        ValueKind.Double => JsonValue.Create(value.ToString()),
        ValueKind.Int64 => JsonValue.Create(value.AsInt64()),
        ValueKind.Boolean => JsonValue.Create(value.AsBoolean()),
        ValueKind.String => JsonValue.Create(value.ToString()),
        _ => null,
    };

    public static JsonNode? Of(Result result)
    {
        if (!result.IsRecord)
        {
            return Of(result.Scalar);
        }

        var record = new JsonObject();
        foreach (var field in result.Fields)
        {
            record[field.Name] = Of(field.Value);
        }

        return record;
    }

    /// <summary>Writes <paramref name="value"/> and a newline to <paramref name="output"/>.</summary>
    public static void Print<T>(TextWriter output, T value, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type) =>
        output.WriteLine(JsonSerializer.Serialize(value, type));
}
