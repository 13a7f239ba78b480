namespace Ttg.Jobs;

/// <summary>
/// A job spec (flags or spec file) is invalid. The message is one line for a user: it names the problem and
/// the fix, for example <c>--chunk-size must be at least 1 (got 0); pass --chunk-size 100 or leave it out</c>.
/// </summary>
public sealed class JobSpecException : Exception
{
    /// <summary>Creates the exception with a user-facing message.</summary>
    public JobSpecException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a user-facing message and its cause.</summary>
    public JobSpecException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
