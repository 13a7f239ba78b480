using System.Runtime.CompilerServices;
using StackExchange.Redis;
using Ttg.WorkQueue;

namespace Ttg.Redis;

internal sealed partial class RedisTtgBackend
{
    // Chunks fetched per round trip when reading results.
    private const int ResultPage = 128;

    /// <inheritdoc />
    public async IAsyncEnumerable<StoredChunk> ReadResultsAsync(string jobId, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var keys = Keys(jobId);
        for (long rank = 0; ; rank += ResultPage)
        {
            // The index is scored by start, so ranks walk the chunks in parameter order.
            var page = await _db.SortedSetRangeByRankWithScoresAsync(keys.Index, rank, rank + ResultPage - 1).WaitAsync(cancellationToken);
            if (page.Length == 0)
            {
                yield break;
            }

            var members = page.Select(e => IndexMember.Parse((string)e.Element!)).ToArray();
            var fields = new List<RedisValue>(members.Length * 2);
            foreach (var member in members)
            {
                fields.Add(member.ChunkId);
                if (member.HasPayload)
                {
                    fields.Add("p:" + member.ChunkId);
                }
            }

            var values = await _db.HashGetAsync(keys.Results, [.. fields]).WaitAsync(cancellationToken);
            var v = 0;
            for (var i = 0; i < page.Length; i++)
            {
                var results = (byte[]?)values[v++] ?? [];
                var payload = members[i].HasPayload ? (byte[]?)values[v++] ?? [] : [];
                yield return new StoredChunk((long)page[i].Score, members[i].Count, results, payload);
            }

            if (page.Length < ResultPage)
            {
                yield break;
            }
        }
    }

}
