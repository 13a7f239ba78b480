using StackExchange.Redis;
using Ttg.WorkQueue;

namespace Ttg.Redis;

internal sealed partial class RedisTtgBackend
{
    // Completions per script call; bounds the script's argument count and how long it holds the server.
    private const int CompleteBatch = 256;
    private const int CompleteArgs = 9;

    /// <inheritdoc />
    public async Task<LeaseOutcome> CompleteAsync(ChunkLease lease, ChunkCompletion completion, CancellationToken cancellationToken = default)
    {
        var outcomes = await CompleteManyAsync([new ChunkCompletionRequest(lease, completion)], cancellationToken);
        return outcomes[0];
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<LeaseOutcome>> CompleteManyAsync(IReadOnlyList<ChunkCompletionRequest> completions, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(completions);
        var outcomes = new LeaseOutcome[completions.Count];
        var now = NowMs();
        var ttl = CompletedTtlMs();
        var calls = new List<(string JobId, List<int> Indices, Task<RedisResult> Reply)>();
        foreach (var group in Enumerable.Range(0, completions.Count).GroupBy(i => completions[i].Lease.JobId, StringComparer.Ordinal))
        {
            var keys = Keys(group.Key);
            foreach (var slice in group.Chunk(CompleteBatch))
            {
                var args = new RedisValue[3 + slice.Length * CompleteArgs];
                args[0] = now;
                args[1] = ttl;
                args[2] = slice.Length;
                var a = 3;
                foreach (var index in slice)
                {
                    var (lease, completion) = (completions[index].Lease, completions[index].Completion);
                    args[a++] = lease.ChunkId;
                    args[a++] = HeldValue(lease);
                    args[a++] = lease.WorkerId;
                    args[a++] = lease.Start;
                    args[a++] = lease.Count;
                    args[a++] = completion.Succeeded;
                    args[a++] = completion.Failed;
                    args[a++] = lease.Payload.IsEmpty ? 0 : 1;
                    args[a++] = completion.Results.IsEmpty ? RedisValue.EmptyString : (RedisValue)completion.Results;
                }

                // Not awaited here: every job's batch goes out in one pipelined round trip.
                calls.Add((group.Key, [.. slice], _db.ScriptEvaluateAsync(RedisScripts.Complete, keys.All, args)));
            }
        }

        await Task.WhenAll(calls.Select(c => c.Reply)).WaitAsync(cancellationToken);
        foreach (var (jobId, indices, reply) in calls)
        {
            var result = (RedisResult[])reply.Result!;
            for (var i = 0; i < indices.Count; i++)
            {
                outcomes[indices[i]] = (LeaseOutcome)(int)result[i];
            }

            if ((int)result[indices.Count] == 1)
            {
                await ForgetRunningAsync(jobId, cancellationToken);
            }
        }

        return outcomes;
    }

    /// <summary>The value the leases hash holds for a chunk while this lease is the current one.</summary>
    private static string HeldValue(ChunkLease lease) => lease.Token + "|" + lease.WorkerId;
}
