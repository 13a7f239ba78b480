namespace Ttg.WorkQueue;

/// <summary>
/// A backend cannot serve: the store is not a TTG store, is locked or read-only, the server is unreachable.
/// The message is one line for a user: it names the problem and the fix.
/// </summary>
public sealed class BackendException : Exception
{
    /// <summary>Creates the exception with a user-facing message.</summary>
    public BackendException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a user-facing message and its cause.</summary>
    public BackendException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
