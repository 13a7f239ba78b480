namespace Ttg.WorkQueue;

/// <summary>What a worker says about itself, sent with <see cref="IWorkQueue.ReportWorkerAsync"/>.</summary>
/// <param name="WorkerId">The worker's id, as in its leases.</param>
/// <param name="JobIds">The jobs the note is stored in (those the worker works on).</param>
public sealed record WorkerNote(string WorkerId, IReadOnlyCollection<string> JobIds)
{
    /// <summary>The machine the worker runs on. Default: null, which keeps the host stored earlier.</summary>
    public string? Host { get; init; }

    /// <summary>
    /// Why the worker cannot compute, in one line (such as "setup failed: FileNotFoundException ..."). Default:
    /// null, which clears a fault stored earlier.
    /// </summary>
    public string? Fault { get; init; }
}
