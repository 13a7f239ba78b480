using Microsoft.Extensions.Logging;

namespace Ttg.Workers.Stages;

/// <summary>Hands chunks back to the store with their attempts given back, and forgets them.</summary>
internal static class ChunkRelease
{
    /// <summary>
    /// Releases the chunks in one call. If the store cannot be reached (an outage, a full disk), the chunks are
    /// forgotten all the same: their leases lapse and another worker takes them over, so nothing is lost.
    /// </summary>
    public static async Task ReleaseAsync(WorkerContext context, IReadOnlyList<InFlightChunk> chunks)
    {
        if (chunks.Count == 0)
        {
            return;
        }

        var leases = chunks.Where(c => !c.Lost).Select(c => c.Lease).ToList();
        try
        {
            if (leases.Count > 0)
            {
                await context.Backend.ReleaseAsync(leases).ConfigureAwait(false);
                context.Stats.Released(leases.Count);
                context.Outage.Answered();
            }
        }
        catch (Exception ex) when (context.Outage.IsOutage(ex, CancellationToken.None) || context.PermanentFault(ex) is not null)
        {
            context.Logger.LogWarning("Could not hand back {Count} chunks ({Error}); their leases lapse and other workers take them over", leases.Count, ex.Message.ReplaceLineEndings(" "));
        }

        foreach (var chunk in chunks)
        {
            context.Book.Finish(chunk, ChunkOutcome.Released);
        }
    }
}
