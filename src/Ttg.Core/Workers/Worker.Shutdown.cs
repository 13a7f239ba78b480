using Microsoft.Extensions.Logging;

namespace Ttg.Workers;

public sealed partial class Worker
{
    private async Task ReleaseQueuedAsync()
    {
        var queued = new List<InFlightChunk>();
        while (_ready.Reader.TryRead(out var chunk))
        {
            queued.Add(chunk);
        }

        await ReleaseAsync(queued).ConfigureAwait(false);
    }

    private async Task ReleaseUnfinishedAsync(bool graceExpired)
    {
        var left = _inFlight.Values.ToList();
        if (left.Count == 0)
        {
            return;
        }

        if (graceExpired)
        {
            WorkerLog.GraceExpired(_logger, left.Count);
        }

        await ReleaseAsync(left).ConfigureAwait(false);
    }

    private async Task ReleaseAsync(IReadOnlyList<InFlightChunk> chunks)
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
                await _backend.ReleaseAsync(leases).ConfigureAwait(false);
                Stats.Released(leases.Count);
            }
        }
        catch (Exception ex) when (_backend.IsTransient(ex))
        {
            // The leases lapse on their own and another worker reclaims them; nothing is lost.
            _logger.LogWarning(ex, "Could not release {Count} chunks; they will be reclaimed when their leases expire", leases.Count);
        }

        foreach (var chunk in chunks)
        {
            Finish(chunk);
        }
    }
}
