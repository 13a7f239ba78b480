namespace Ttg.Workers.Stages;

/// <summary>
/// Notes a chunk whose result the store refused because another holder owns or finished it. For a speculative copy
/// that is the expected end of a race it lost, so it is said calmly; for a chunk's first holder it is a warning.
/// </summary>
internal static class LostLease
{
    public static void Note(WorkerContext context, InFlightChunk chunk)
    {
        if (chunk.IsCopy)
        {
            SpeculationLog.CopyDiscarded(context.Logger, chunk.Lease.ChunkId, chunk.Lease.JobId);
        }
        else
        {
            WorkerLog.LeaseLost(context.Logger, chunk.Lease.ChunkId, chunk.Lease.JobId);
        }

        context.Stats.LeaseLost();
    }
}
