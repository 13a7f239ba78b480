namespace Ttg.Workers.Faults;

/// <summary>The reason a worker stopped on its own: never recorded against a parameter.</summary>
/// <param name="Kind">What kind of fault it is; decides the exit code.</param>
/// <param name="Reason">One line for the user: what failed, on which job, and the cause's first line.</param>
public sealed record WorkerFault(WorkerFaultKind Kind, string Reason)
{
    /// <summary>The fault as shown in status and logs: "setup failed: …", "store unusable: …".</summary>
    public override string ToString() => Kind switch
    {
        WorkerFaultKind.Setup => $"setup failed: {Reason}",
        WorkerFaultKind.Environment => $"cannot compute here: {Reason}",
        WorkerFaultKind.Store => $"store unusable: {Reason}",
        _ => $"internal error: {Reason}",
    };

    /// <summary>The first line of an exception's type and message, for a one-line reason.</summary>
    public static string Describe(Exception exception)
    {
        var message = exception.Message.ReplaceLineEndings(" ");
        return exception is WorkerFaultException or ComputationSetupException ? message : $"{exception.GetType().Name}: {message}";
    }
}
