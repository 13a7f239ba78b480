namespace Ttg.WorkQueue;

/// <summary>How a job's speculative copies (<see cref="IWorkQueue.LeaseCopyAsync"/>) fared.</summary>
/// <param name="Copies">Copies leased: chunks started a second time on another worker.</param>
/// <param name="Won">Copies whose completion was the one recorded, beating the chunk's first holder.</param>
/// <param name="Wasted">Copies whose work was dropped: the first holder completed first, or the copy was handed back.</param>
/// <param name="CopiedParameters">Parameters in every copied chunk together: the most extra work speculation caused.</param>
public sealed record JobSpeculation(long Copies, long Won, long Wasted, long CopiedParameters)
{
    /// <summary>A job nothing was copied of.</summary>
    public static JobSpeculation None { get; } = new(0, 0, 0, 0);
}
