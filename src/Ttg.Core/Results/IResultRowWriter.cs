namespace Ttg.Results;

/// <summary>Writes exported rows in one file format.</summary>
internal interface IResultRowWriter : IDisposable
{
    /// <summary>Writes the header (when the format has one): index, parameter names, result columns, error.</summary>
    void WriteHeader(IReadOnlyList<string> parameterNames, IReadOnlyList<string> resultColumns);

    /// <summary>Writes one parameter's row.</summary>
    void WriteRow(in ParameterOutcome outcome, IParameterSource? source);

    /// <summary>Flushes everything to the file.</summary>
    void Flush();
}
