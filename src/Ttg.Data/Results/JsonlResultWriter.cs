using System.Buffers;
using System.Globalization;
using System.Text.Json;

namespace Ttg.Results;

/// <summary>
/// One JSON object per line with the same content as the CSV: <c>index</c>, parameter values, the result columns
/// (omitted for failures) and, only for failures, <c>error</c> (one line) with its parts <c>errorType</c>,
/// <c>errorMessage</c>, <c>attempts</c> and <c>stackTrace</c>. Non-finite doubles are written as strings. Lines are
/// gathered in a batch in memory and written to the stream asynchronously; the stream stays the caller's.
/// </summary>
internal sealed class JsonlResultWriter : IResultRowWriter
{
    private const int BatchBytes = 1 << 16;

    private readonly Stream _stream;
    private readonly ResultColumns _columns;
    private readonly ArrayBufferWriter<byte> _batch = new(BatchBytes + 4096);
    private readonly Utf8JsonWriter _json;
    private JsonEncodedText[] _parameterNames = [];
    private JsonEncodedText[] _resultNames = [];

    public JsonlResultWriter(Stream stream, ResultColumns columns)
    {
        _stream = stream;
        _columns = columns;

        // Lines are separate JSON documents; Reset between them restarts the writer's validation.
        _json = new Utf8JsonWriter(_batch);
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
        _batch.GetSpan(1)[0] = (byte)'\n';
        _batch.Advance(1);
    }

    public bool IsBatchFull => _batch.WrittenCount >= BatchBytes;

    public async ValueTask FlushBatchAsync(CancellationToken cancellationToken)
    {
        // The JSON writer holds nothing between rows (flushed, and reset before the next), so the batch can restart.
        await _stream.WriteAsync(_batch.WrittenMemory, cancellationToken).ConfigureAwait(false);
        _batch.ResetWrittenCount();
    }

    public async ValueTask CompleteAsync(CancellationToken cancellationToken)
    {
        await FlushBatchAsync(cancellationToken).ConfigureAwait(false);
        await _stream.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    public void Dispose() => _json.Dispose();

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
