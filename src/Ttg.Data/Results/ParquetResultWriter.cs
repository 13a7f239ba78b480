using Parquet;
using Parquet.Schema;

namespace Ttg.Results;

/// <summary>
/// Parquet rows with the CSV's columns: <c>index</c> (int64), the parameters, the result columns and <c>error</c>
/// (string, null on success), then the failure's parts <c>errorType</c>, <c>errorMessage</c>, <c>attempts</c> (int64)
/// and <c>stackTrace</c>; all but the index nullable. Rows are buffered up to <see cref="RowGroupSize"/> and
/// written as one row group, so memory stays bounded whatever the job's size. Every column's type comes from
/// the export's first pass over all rows (<see cref="JobResults"/>), so a late value of another type is never lost.
/// </summary>
internal sealed class ParquetResultWriter(Stream stream, ResultColumns columns, IReadOnlyList<ValueKind> parameterKinds, int rowGroupSize = ParquetResultWriter.DefaultRowGroupSize) : IResultRowWriter
{
    public const int DefaultRowGroupSize = 65_536;

    private readonly long[] _indexes = new long[rowGroupSize];
    private ParquetColumn[] _parameters = [];
    private ParquetColumn[] _results = [];
    private string?[] _errors = [];
    private string?[] _errorTypes = [];
    private string?[] _errorMessages = [];
    private long?[] _attempts = [];
    private string?[] _traces = [];
    private int _count;
    private ParquetWriter? _writer;
    private DataField[] _fields = [];

    public int RowGroupSize { get; } = rowGroupSize;

    public bool IsBatchFull => _count >= RowGroupSize;

    public void WriteHeader(IReadOnlyList<string> parameterNames, IReadOnlyList<string> resultColumns)
    {
        _parameters = [.. parameterNames.Select((n, i) => new ParquetColumn(n, parameterKinds[i], RowGroupSize))];
        _results = [.. resultColumns.Select((n, i) => new ParquetColumn(n, columns.Kinds[i], RowGroupSize))];
        _errors = new string?[RowGroupSize];
        _errorTypes = new string?[RowGroupSize];
        _errorMessages = new string?[RowGroupSize];
        _attempts = new long?[RowGroupSize];
        _traces = new string?[RowGroupSize];
    }

    public void WriteRow(in ParameterOutcome outcome, IParameterSource? source)
    {
        if (IsBatchFull)
        {
            throw new InvalidOperationException($"The Parquet row group holds {RowGroupSize} rows; flush it before writing more.");
        }

        _indexes[_count] = outcome.Index;
        for (var i = 0; i < _parameters.Length; i++)
        {
            _parameters[i].Add(source!.GetValue(outcome.Index, i));
        }

        for (var c = 0; c < _results.Length; c++)
        {
            _results[c].Add(outcome.Succeeded ? columns.ExportedValueOf(outcome.Result, c) : Value.Null);
        }

        _errors[_count] = outcome.Failure?.ToString();
        _errorTypes[_count] = outcome.Failure?.ExceptionType;
        _errorMessages[_count] = outcome.Failure?.Message;
        _attempts[_count] = outcome.Failure?.Attempts;
        _traces[_count] = outcome.Failure?.StackTrace;
        _count++;
    }

    public async ValueTask FlushBatchAsync(CancellationToken cancellationToken)
    {
        if (_count == 0)
        {
            return;
        }

        var writer = _writer ?? await CreateWriterAsync(cancellationToken).ConfigureAwait(false);
        using (var group = writer.CreateRowGroup())
        {
            var indexes = _indexes[.._count];
            await group.WriteAsync<long>(_fields[0], indexes, null, null, cancellationToken).ConfigureAwait(false);
            var f = 1;
            foreach (var column in _parameters.Concat(_results))
            {
                await column.WriteAsync(group, _fields[f++], indexes, cancellationToken).ConfigureAwait(false);
            }

            await group.WriteAsync(_fields[f++], _errors[.._count]!, null).ConfigureAwait(false);
            await group.WriteAsync(_fields[f++], _errorTypes[.._count]!, null).ConfigureAwait(false);
            await group.WriteAsync(_fields[f++], _errorMessages[.._count]!, null).ConfigureAwait(false);
            await group.WriteAsync<long>(_fields[f++], _attempts[.._count], null, null, cancellationToken).ConfigureAwait(false);
            await group.WriteAsync(_fields[f], _traces[.._count]!, null).ConfigureAwait(false);
            group.CompleteValidate();
        }

        Array.Clear(_errors);
        Array.Clear(_errorTypes);
        Array.Clear(_errorMessages);
        Array.Clear(_attempts);
        Array.Clear(_traces);
        _count = 0;
    }

    public async ValueTask CompleteAsync(CancellationToken cancellationToken)
    {
        await FlushBatchAsync(cancellationToken).ConfigureAwait(false);

        // A job with no stored rows still gets a valid file with its columns.
        var writer = _writer ?? await CreateWriterAsync(cancellationToken).ConfigureAwait(false);
        await writer.DisposeAsync().ConfigureAwait(false);
        _writer = null;
        await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    // The writer has only an async dispose, which would write a footer; an unfinished export is deleted anyway
    // and the stream is the exporter's to close.
    public void Dispose() => _writer = null;

    /// <summary>Creates the writer with the schema the export's first pass found.</summary>
    private async Task<ParquetWriter> CreateWriterAsync(CancellationToken cancellationToken)
    {
        _fields = [new DataField<long>("index"), .. _parameters.Select(c => c.CreateField()), .. _results.Select(c => c.CreateField()), new DataField<string>("error"),
            new DataField<string>("errorType"), new DataField<string>("errorMessage"), new DataField<long?>("attempts"), new DataField<string>("stackTrace")];
        _writer = await ParquetWriter.CreateAsync(new ParquetSchema(_fields), stream, cancellationToken: cancellationToken).ConfigureAwait(false);
        return _writer;
    }
}
