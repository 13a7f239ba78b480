namespace Ttg;

/// <summary>
/// Thrown by a computation or its setup to say that this worker cannot compute anything here (a required program
/// or file is missing on this node, the environment is broken). It is never recorded against a parameter: the
/// worker hands its work back, says why and leaves, so the job is computed elsewhere.
/// </summary>
public sealed class WorkerFaultException : Exception
{
    /// <summary>Creates the fault with a one-line reason that names the problem and the fix.</summary>
    public WorkerFaultException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the fault with a one-line reason and the exception that revealed it.</summary>
    public WorkerFaultException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
