using System.Text;
using System.Text.Json;

namespace Ttg.Programs;

/// <summary>
/// The JSON lines of the serve protocol (docs/serve-protocol.md): TTG writes <c>{"index": i, "params": {...}}</c> and
/// reads <c>{"index": i, "result": ...}</c> or <c>{"index": i, "error": "message"}</c>.
/// </summary>
internal static class ServeMessages
{
    /// <summary>Writes one request (without its newline).</summary>
    public static void WriteRequest(Utf8JsonWriter json, Parameter parameter)
    {
        json.WriteStartObject();
        json.WriteNumber("index"u8, parameter.Index);
        json.WriteStartObject("params"u8);
        var names = parameter.Names;
        for (var i = 0; i < names.Count; i++)
        {
            var value = parameter[i];
            json.WritePropertyName(names[i]);
            switch (value.Kind)
            {
                case ValueKind.Double:
                    var number = value.AsDouble();
                    if (double.IsFinite(number))
                    {
                        json.WriteNumberValue(number);
                    }
                    else
                    {
                        json.WriteNullValue();
                    }

                    break;
                case ValueKind.Int64:
                    json.WriteNumberValue(value.AsInt64());
                    break;
                case ValueKind.Boolean:
                    json.WriteBooleanValue(value.AsBoolean());
                    break;
                case ValueKind.String:
                    json.WriteStringValue(value.ToString());
                    break;
                default:
                    json.WriteNullValue();
                    break;
            }
        }

        json.WriteEndObject();
        json.WriteEndObject();
    }

    /// <summary>Reads one answer line.</summary>
    public static Answer ReadAnswer(ReadOnlySpan<byte> line)
    {
        try
        {
            var reader = new Utf8JsonReader(line);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return Answer.Fail(Shorten(line));
            }

            long? index = null;
            Result result = default;
            string? error = null, invalid = null;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("index"u8))
                {
                    reader.Read();
                    index = reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var i) ? i : null;
                }
                else if (reader.ValueTextEquals("result"u8))
                {
                    reader.Read();
                    if (reader.TokenType == JsonTokenType.Number)
                    {
                        // The common case, read without building a document.
                        result = Result.Of(reader.GetDouble());
                        continue;
                    }

                    try
                    {
                        using var document = JsonDocument.ParseValue(ref reader);
                        result = ProgramResult.From(document.RootElement);
                    }
                    catch (FormatException ex)
                    {
                        invalid = ex.Message.Replace("its result", "result", StringComparison.Ordinal);
                    }
                }
                else if (reader.ValueTextEquals("error"u8))
                {
                    reader.Read();
                    error = reader.TokenType == JsonTokenType.String ? reader.GetString() : "(an error that is not a string)";
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }

            return index is null ? Answer.Fail(Shorten(line)) : new Answer(index, result, error, invalid, null);
        }
        catch (JsonException)
        {
            return Answer.Fail(Shorten(line));
        }
    }

    private static string Shorten(ReadOnlySpan<byte> line) => "it printed '" + ProgramResult.Shorten(Encoding.UTF8.GetString(line)) + "', which is not {\"index\": i, \"result\": ...}";

    /// <summary>An answer: the parameter and its result or error; <see cref="Broken"/> when the line is no answer at all.</summary>
    internal readonly record struct Answer(long? Index, Result Result, string? Error, string? Invalid, string? Broken)
    {
        public static Answer Fail(string broken) => new(null, default, null, null, broken);
    }
}
