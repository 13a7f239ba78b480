using System.Globalization;
using Ttg.WorkQueue;

namespace Ttg.Cli.Rendering;

/// <summary>The "workers" section of <c>ttg status</c>: each worker of a job, live or lapsed, and the fault it reported.</summary>
internal static class WorkersText
{
    /// <summary>A heading and one line per worker; nothing when no worker was heard from.</summary>
    public static IEnumerable<string> Lines(IReadOnlyList<WorkerSessionInfo> workers, DateTimeOffset now)
    {
        if (workers.Count == 0)
        {
            yield break;
        }

        var live = workers.Count(w => w.Alive);
        var faulted = workers.Count(w => w.Fault is not null);
        yield return $"workers: {live} live, {workers.Count - live} lapsed" + (faulted == 0 ? "" : $", {faulted} reporting a fault");
        foreach (var worker in workers)
        {
            var host = worker.Host is null ? "" : $" on {worker.Host}";
            var state = worker.Alive ? "live" : $"lapsed, last seen {Ago(now - worker.LastSeen)} ago";
            var held = worker.ChunksHeld > 0 ? $", holds {worker.ChunksHeld:N0} chunks" : "";
            var fault = worker.Fault is null ? "" : $": {worker.Fault}";
            yield return $"  {worker.WorkerId}{host} ({state}{held}){fault}";
        }
    }

    /// <summary>The line for a worker's fault, as <c>ttg run</c> and <c>ttg watch</c> print it when it appears.</summary>
    public static string Fault(WorkerSessionInfo worker) =>
        $"worker {worker.WorkerId}{(worker.Host is null ? "" : $" on {worker.Host}")}: {worker.Fault}";

    private static string Ago(TimeSpan span) => span switch
    {
        { TotalSeconds: < 0 } => "0 s",
        { TotalMinutes: < 2 } => string.Create(CultureInfo.InvariantCulture, $"{span.TotalSeconds:F0} s"),
        { TotalHours: < 2 } => string.Create(CultureInfo.InvariantCulture, $"{span.TotalMinutes:F0} min"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{span.TotalHours:F0} h"),
    };
}
