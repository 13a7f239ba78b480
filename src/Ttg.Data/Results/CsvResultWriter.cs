using System.Globalization;
using CsvHelper;

namespace Ttg.Results;

/// <summary>
/// CSV rows: <c>index</c>, the parameter names, the result columns, <c>error</c>; empty cells for absent values; lines
/// end in the platform's newline. Rows are formatted into a batch in memory and written to the stream asynchronously,
/// so a response body that forbids synchronous writes takes them too; the stream stays the caller's.
/// </summary>
internal sealed class CsvResultWriter : IResultRowWriter
{
    private const int BatchRows = 2048;

    private readonly Stream _stream;
    private readonly ResultColumns _columns;
    private readonly MemoryStream _batch = new();
    private readonly StreamWriter _text;
    private readonly CsvWriter _csv;
    private int _parameterCount;
    private int _rows;

    public CsvResultWriter(Stream stream, ResultColumns columns)
    {
        _stream = stream;
        _columns = columns;
        _text = new StreamWriter(_batch, new System.Text.UTF8Encoding(false), 1 << 14, leaveOpen: true);

        // Lines end as the platform's tools expect (LF on Linux), not RFC 4180's CRLF, which awk and cut keep in the last cell.
        _csv = new CsvWriter(_text, new CsvHelper.Configuration.CsvConfiguration(CultureInfo.InvariantCulture) { NewLine = Environment.NewLine }, leaveOpen: true);
    }

    public void WriteHeader(IReadOnlyList<string> parameterNames, IReadOnlyList<string> resultColumns)
    {
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
        _csv.WriteField(outcome.Index.ToString(CultureInfo.InvariantCulture));
        for (var i = 0; i < _parameterCount; i++)
        {
            _csv.WriteField(source!.GetValue(outcome.Index, i).ToString());
        }

        for (var c = 0; c < _columns.Names.Count; c++)
        {
            _csv.WriteField(outcome.Succeeded ? _columns.ExportedValueOf(outcome.Result, c).ToString() : string.Empty);
        }

        _csv.WriteField(outcome.Failure?.ToString() ?? string.Empty);
        _csv.NextRecord();
        _rows++;
    }

    public bool IsBatchFull => _rows >= BatchRows;

    public async ValueTask FlushBatchAsync(CancellationToken cancellationToken)
    {
        await _csv.FlushAsync().ConfigureAwait(false);
        await _text.FlushAsync(cancellationToken).ConfigureAwait(false);
        await _stream.WriteAsync(_batch.GetBuffer().AsMemory(0, (int)_batch.Length), cancellationToken).ConfigureAwait(false);
        _batch.SetLength(0);
        _rows = 0;
    }

    public async ValueTask CompleteAsync(CancellationToken cancellationToken)
    {
        await FlushBatchAsync(cancellationToken).ConfigureAwait(false);
        await _stream.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    public void Dispose()
    {
        _csv.Dispose();
        _text.Dispose();
        _batch.Dispose();
    }
}
