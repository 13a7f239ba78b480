using System.Globalization;
using CsvHelper;

namespace Ttg.Results;

/// <summary>CSV rows: <c>index</c>, the parameter names, the result columns, <c>error</c>; empty cells for absent values; lines end in the platform's newline.</summary>
internal sealed class CsvResultWriter(Stream stream, ResultColumns columns) : IResultRowWriter
{
    private readonly StreamWriter _text = new(stream, new System.Text.UTF8Encoding(false), 1 << 16);
    private CsvWriter? _csv;
    private int _parameterCount;

    public void WriteHeader(IReadOnlyList<string> parameterNames, IReadOnlyList<string> resultColumns)
    {
        // Lines end as the platform's tools expect (LF on Linux), not RFC 4180's CRLF, which awk and cut keep in the last cell.
        _csv = new CsvWriter(_text, new CsvHelper.Configuration.CsvConfiguration(CultureInfo.InvariantCulture) { NewLine = Environment.NewLine }, leaveOpen: true);
        _parameterCount = parameterNames.Count;
        _csv.WriteField("index");
        foreach (var name in parameterNames)
        {
            _csv.WriteField(name);
        }

        foreach (var name in resultColumns)
        {
            _csv.WriteField(name);
        }

        _csv.WriteField("error");
        _csv.NextRecord();
    }

    public void WriteRow(in ParameterOutcome outcome, IParameterSource? source)
    {
        var csv = _csv!;
        csv.WriteField(outcome.Index.ToString(CultureInfo.InvariantCulture));
        for (var i = 0; i < _parameterCount; i++)
        {
            csv.WriteField(source!.GetValue(outcome.Index, i).ToString());
        }

        for (var c = 0; c < columns.Names.Count; c++)
        {
            csv.WriteField(outcome.Succeeded ? columns.ExportedValueOf(outcome.Result, c).ToString() : string.Empty);
        }

        csv.WriteField(outcome.Failure?.ToString() ?? string.Empty);
        csv.NextRecord();
    }

    public bool IsBatchFull => false;

    public ValueTask FlushBatchAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;

    public ValueTask CompleteAsync(CancellationToken cancellationToken)
    {
        _csv?.Flush();
        _text.Flush();
        return ValueTask.CompletedTask;
    }

    public void Dispose()
    {
        _csv?.Dispose();
        _text.Dispose();
    }
}
