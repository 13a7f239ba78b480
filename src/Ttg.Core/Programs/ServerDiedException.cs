namespace Ttg.Programs;

/// <summary>A <c>--serve</c> program ended (or was killed) while a parameter waited for its answer.</summary>
internal sealed class ServerDiedException(string reason, int? exitCode) : Exception($"the serve program {reason}")
{
    /// <summary>What happened, e.g. "was killed by signal 9 (exit 137); stderr: ...".</summary>
    public string Reason { get; } = reason;

    /// <summary>The program's exit code, when it exited.</summary>
    public int? ExitCode { get; } = exitCode;
}
