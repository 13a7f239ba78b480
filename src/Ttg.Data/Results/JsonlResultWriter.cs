using System.Globalization;
using System.Text.Json;

namespace Ttg.Results;

/// <summary>
/// One JSON object per line with the same content as the CSV: <c>index</c>, parameter values, the result columns
/// (omitted for failures) and, only for failures, <c>error</c> (one line) with its parts <c>errorType</c>,
/// <c>errorMessage</c>, <c>attempts</c> and <c>stackTrace</c>. Non-finite doubles are written as strings.
/// </summary>
internal sealed class JsonlResultWriter : IResultRowWriter
{
    private readonly ResultColumns _columns;
    private readonly BufferedStream _buffer;
    private readonly Utf8JsonWriter _json;
    private JsonEncodedText[] _parameterNames = [];
    private JsonEncodedText[] _resultNames = [];

    public JsonlResultWriter(Stream stream, ResultColumns columns)
    {
        _columns = columns;
        _buffer = new BufferedStream(stream, 1 << 16);

        // Lines are separate JSON documents; Reset between them restarts the writer's validation.
        _json = new Utf8JsonWriter(_buffer);
    }

    public void WriteHeader(IReadOnlyList<string> parameterNames, IReadOnlyList<string> resultColumns)
    {
        _parameterNames = [.. parameterNames.Select(n => JsonEncodedText.Encode(n))];
        _resultNames = [.. resultColumns.Select(n => JsonEncodedText.Encode(n))];
    }

    public void WriteRow(in ParameterOutcome outcome, IParameterSource? source)
    {
        _json.Reset();
        _json.WriteStartObject();
        _json.WriteNumber("index", outcome.Index);
        for (var i = 0; i < _parameterNames.Length; i++)
        {
            _json.WritePropertyName(_parameterNames[i]);
            WriteValue(source!.GetValue(outcome.Index, i));
        }

        if (outcome.Failure is { } failure)
        {
            _json.WriteString("error", failure.ToString());
            _json.WriteString("errorType", failure.ExceptionType);
            _json.WriteString("errorMessage", failure.Message);
            _json.WriteNumber("attempts", failure.Attempts);
            if (failure.StackTrace is { } trace)
            {
                _json.WriteString("stackTrace", trace);
            }
            else
            {
                _json.WriteNull("stackTrace");
            }
        }
        else
        {
            for (var c = 0; c < _resultNames.Length; c++)
            {
                _json.WritePropertyName(_resultNames[c]);
                WriteValue(_columns.ExportedValueOf(outcome.Result, c));
            }
        }

        _json.WriteEndObject();
        _json.Flush();
        _buffer.WriteByte((byte)'\n');
    }

    public bool IsBatchFull => false;

    public ValueTask FlushBatchAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;

    public ValueTask CompleteAsync(CancellationToken cancellationToken)
    {
        _json.Flush();
        _buffer.Flush();
        return ValueTask.CompletedTask;
    }

    public void Dispose()
    {
        _json.Dispose();
        _buffer.Dispose();
    }

    private void WriteValue(Value value)
    {
        switch (value.Kind)
        {
            case ValueKind.Double when double.IsFinite(value.AsDouble()):
                _json.WriteNumberValue(value.AsDouble());
                break;
            case ValueKind.Double:
                _json.WriteStringValue(value.AsDouble().ToString(CultureInfo.InvariantCulture));
                break;
            case ValueKind.Int64:
                _json.WriteNumberValue(value.AsInt64());
                break;
            case ValueKind.Boolean:
                _json.WriteBooleanValue(value.AsBoolean());
                break;
            case ValueKind.String:
                _json.WriteStringValue(value.ToString());
                break;
            default:
                _json.WriteNullValue();
                break;
        }
    }
}
