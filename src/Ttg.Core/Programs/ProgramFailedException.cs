namespace Ttg.Programs;

/// <summary>
/// A parameter's program failed: it exited non-zero, was killed by a signal, printed no usable result, or (for
/// <c>--serve</c>) crashed while computing this parameter alone. The message carries the exit status and the tail
/// of the program's stderr, so the results table says why.
/// </summary>
public sealed class ProgramFailedException : Exception
{
    /// <summary>Creates the failure with its one-line message.</summary>
    public ProgramFailedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the failure with its message and cause.</summary>
    public ProgramFailedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
