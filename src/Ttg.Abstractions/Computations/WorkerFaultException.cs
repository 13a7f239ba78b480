namespace Ttg;

/// <summary>
/// Thrown by a computation, or by its set-up, to say that this worker cannot compute anything here: a model file
/// or a program is missing on this machine, a device is absent. It is the worker's fault, never the parameter's:
/// the worker hands its chunks back with their attempts intact, says why, and exits so an orchestrator starts it
/// somewhere else. Throw anything else for a parameter that fails on its own.
/// </summary>
public sealed class WorkerFaultException : Exception
{
    /// <summary>Creates the exception with a one-line reason for the user (what is missing and where).</summary>
    public WorkerFaultException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a one-line reason and its cause.</summary>
    public WorkerFaultException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
