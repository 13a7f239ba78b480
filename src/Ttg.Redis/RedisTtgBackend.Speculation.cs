using StackExchange.Redis;
using Ttg.WorkQueue;

namespace Ttg.Redis;

// Speculative copies: a copy's lease lives in the job's copies hash next to its chunk's lease, valid while that
// lease stays; the completion script accepts either, so the first completion wins and the other is answered LOST.
internal sealed partial class RedisTtgBackend
{
    /// <inheritdoc />
    public async Task<ChunkLease?> LeaseCopyAsync(CopyRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var result = (RedisResult[])(await EvalAsync(RedisScripts.LeaseCopy, Keys(request.JobId),
            [request.WorkerId, request.RunningPerParameter.TotalMilliseconds, (long)request.MinRunning.TotalMilliseconds, Math.Clamp(request.Budget, 0, 1),
                request.RunningAtMostPerParameter is { } atMost ? atMost.TotalMilliseconds : -1],
            cancellationToken))!;
        if (result.Length < 6)
        {
            return null;
        }

        var payload = (byte[]?)result[5];
        return new ChunkLease
        {
            JobId = request.JobId,
            ChunkId = (string)result[0]!,
            Start = (long)result[1],
            Count = (int)result[2],
            Attempt = (int)result[3],
            StartedAtLease = true, // a copy is computed at once, and its loss never costs the chunk an attempt
            Token = (string)result[4]!,
            WorkerId = request.WorkerId,
            Payload = payload is { Length: > 0 } ? payload : default,
        };
    }

    private static JobSpeculation ReadSpeculation(Dictionary<string, RedisValue> meta) => new(
        JobMetaReader.Long(meta, "copies"),
        JobMetaReader.Long(meta, "cwon"),
        JobMetaReader.Long(meta, "cwaste"),
        JobMetaReader.Long(meta, "cparams"));
}
