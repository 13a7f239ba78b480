namespace Ttg.Cli;

/// <summary>A failure to report to the user as one line with a specific exit code.</summary>
public sealed class CliException(string message, int exitCode) : Exception(message)
{
    /// <summary>The exit code to return.</summary>
    public int ExitCode { get; } = exitCode;
}
