namespace Ttg.Spaces;

/// <summary>
/// Reads the input file a job spec names (<see cref="Jobs.JobSpec.Input"/>) into rows. The engine knows no file format;
/// Ttg.Data's <c>InputFileReader</c> reads CSV and JSON lines.
/// </summary>
public interface IInputReader
{
    /// <summary>The rows of the file at <paramref name="path"/>, one parameter per row.</summary>
    /// <exception cref="Jobs.JobSpecException">The file is missing, empty or malformed; the message names the file, the line and the fix.</exception>
    RowsSpace Read(string path);
}
