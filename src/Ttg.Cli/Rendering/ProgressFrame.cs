using Ttg.Progress;
using Ttg.WorkQueue;

namespace Ttg.Cli.Rendering;

/// <summary>One refresh of a job's progress: the snapshot, its rate and ETA (from <see cref="EtaModel"/>, as every view shows them), and notes.</summary>
internal sealed record ProgressFrame(JobProgress Progress, EtaEstimate Estimate, TimeSpan Elapsed, IReadOnlyList<string> Notes)
{
    /// <summary>A frame whose estimate comes from the snapshot itself.</summary>
    public static ProgressFrame Of(JobProgress progress, TimeSpan elapsed, IReadOnlyList<string> notes, IReadOnlyCollection<string>? liveWorkers = null) =>
        new(progress, EtaModel.Estimate(progress, liveWorkers), elapsed, notes);
}
