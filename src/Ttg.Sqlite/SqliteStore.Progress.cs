using System.Runtime.CompilerServices;
using System.Text.Json;
using Ttg.WorkQueue;

namespace Ttg.Sqlite;

internal sealed partial class SqliteStore
{
    private const int ResultPageSize = 256;

    public Task<JobProgress?> GetProgressAsync(string jobId, CancellationToken cancellationToken = default) =>
        ReadAsync(() =>
        {
            if (FindJob(jobId) is not { } found || ReadJob(found.Seq) is not { } job)
            {
                return null;
            }

            var counts = new long[6];
            var select = Command("SELECT succeeded, failed, reclaimed, pending_chunks, leased_chunks, completed_chunks FROM jobs WHERE seq = $seq;");
            using (var reader = Bind(select, "$seq", found.Seq).ExecuteReader())
            {
                if (reader.Read())
                {
                    for (var i = 0; i < counts.Length; i++)
                    {
                        counts[i] = reader.GetInt64(i);
                    }
                }
            }

            var byWorker = new Dictionary<string, long>(StringComparer.Ordinal);
            using (var reader = Bind(Command("SELECT worker_id, parameters FROM worker_counts WHERE job_seq = $seq;"), "$seq", found.Seq).ExecuteReader())
            {
                while (reader.Read())
                {
                    byWorker[reader.GetString(0)] = reader.GetInt64(1);
                }
            }

            return new JobProgress
            {
                Job = job,
                Succeeded = counts[0],
                Failed = counts[1],
                ReclaimedChunks = counts[2],
                PendingChunks = counts[3],
                LeasedChunks = counts[4],
                CompletedChunks = counts[5],
                ParametersByWorker = byWorker,
                Pace = ReadPace(found.Seq),
                Speculation = ReadSpeculation(found.Seq),
            };
        }, cancellationToken);

    public Task<ChunkStatus?> GetChunkStatusAsync(string jobId, string chunkId, CancellationToken cancellationToken = default)
    {
        if (!TryParseChunkId(chunkId, out var id))
        {
            return Task.FromResult<ChunkStatus?>(null);
        }

        return ReadAsync(() =>
        {
            var select = Command("SELECT c.state, c.worker_id, c.attempts FROM chunks c JOIN jobs j ON j.seq = c.job_seq WHERE c.id = $id AND j.job_id = $job;");
            Bind(select, "$id", id);
            using var reader = Bind(select, "$job", jobId).ExecuteReader();
            return reader.Read()
                ? new ChunkStatus((ChunkState)reader.GetInt32(0), reader.IsDBNull(1) ? null : reader.GetString(1), reader.GetInt32(2))
                : null;
        }, cancellationToken);
    }

    public async IAsyncEnumerable<StoredChunk> ReadResultsAsync(string jobId, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        // Pages keep the connection free between them, so a slow reader never blocks this instance's workers.
        var seq = await ReadAsync(() => FindJob(jobId)?.Seq, cancellationToken);
        if (seq is null)
        {
            yield break;
        }

        var after = long.MinValue;
        while (true)
        {
            var page = await ReadAsync(() =>
            {
                var select = Command("""
                    SELECT r.start, r.count, r.data, p.data FROM results r LEFT JOIN payloads p ON p.chunk_id = r.chunk_id
                    WHERE r.job_seq = $seq AND r.start > $after ORDER BY r.start LIMIT $limit;
                    """);
                Bind(select, "$seq", seq.Value);
                Bind(select, "$after", after);
                Bind(select, "$limit", ResultPageSize);
                var chunks = new List<StoredChunk>();
                using var reader = select.ExecuteReader();
                while (reader.Read())
                {
                    chunks.Add(new StoredChunk(
                        reader.GetInt64(0),
                        reader.GetInt32(1),
                        (byte[])reader.GetValue(2),
                        reader.IsDBNull(3) ? ReadOnlyMemory<byte>.Empty : (byte[])reader.GetValue(3)));
                }

                return chunks;
            }, cancellationToken);

            foreach (var chunk in page)
            {
                yield return chunk;
            }

            if (page.Count < ResultPageSize)
            {
                yield break;
            }

            after = page[^1].Start;
        }
    }

    public Task<bool> HasOpenWorkAsync(IReadOnlyCollection<string> computations, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(computations);
        var json = JsonSerializer.Serialize(computations);
        return ReadAsync(() =>
        {
            var select = Command($"""
                SELECT EXISTS(SELECT 1 FROM jobs WHERE state IN ({StateRunning}, {StateJobPaused}) AND pending_chunks + leased_chunks > 0
                    AND computation IN (SELECT value FROM json_each($computations)));
                """);
            return (long)Bind(select, "$computations", json).ExecuteScalar()! == 1;
        }, cancellationToken);
    }
}
