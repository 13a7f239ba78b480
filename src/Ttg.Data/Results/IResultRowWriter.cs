namespace Ttg.Results;

/// <summary>Writes exported rows in one file format.</summary>
internal interface IResultRowWriter : IDisposable
{
    /// <summary>Writes the header (when the format has one): index, parameter names, result columns, error.</summary>
    void WriteHeader(IReadOnlyList<string> parameterNames, IReadOnlyList<string> resultColumns);

    /// <summary>Writes one parameter's row (a batching format only buffers it).</summary>
    void WriteRow(in ParameterOutcome outcome, IParameterSource? source);

    /// <summary>True when the writer has buffered a full batch that <see cref="FlushBatchAsync"/> should write out.</summary>
    bool IsBatchFull { get; }

    /// <summary>Writes buffered rows out (a Parquet row group); a no-op for streaming text formats.</summary>
    ValueTask FlushBatchAsync(CancellationToken cancellationToken);

    /// <summary>Writes everything left and ends the file (a Parquet footer).</summary>
    ValueTask CompleteAsync(CancellationToken cancellationToken);
}
