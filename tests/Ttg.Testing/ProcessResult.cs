namespace Ttg.Testing;

/// <summary>How a process ended and everything it wrote.</summary>
public sealed record ProcessResult(int ExitCode, string Stdout, string Stderr)
{
    /// <summary>The exit code and both outputs, so a failed assertion shows why.</summary>
    public override string ToString() => $"exit {ExitCode}\nstdout:\n{Stdout}\nstderr:\n{Stderr}";
}
