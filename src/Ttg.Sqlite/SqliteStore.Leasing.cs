using System.Buffers;
using System.Text.Json;
using Ttg.WorkQueue;

namespace Ttg.Sqlite;

internal sealed partial class SqliteStore
{
    public Task<IReadOnlyList<ChunkLease>> LeaseAsync(LeaseRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.MaxChunks <= 0 || request.Computations.Count == 0 || request.JobIds is { Count: 0 })
        {
            return Task.FromResult<IReadOnlyList<ChunkLease>>([]);
        }

        var computations = JsonList(request.Computations);
        var jobIds = request.JobIds is null ? null : JsonList(request.JobIds);
        return WriteAsync<IReadOnlyList<ChunkLease>>(() => Lease(request, computations, jobIds), cancellationToken);
    }

    private List<ChunkLease> Lease(LeaseRequest request, string computations, string? jobIds)
    {
        var now = NowMs;
        var jobs = new List<(long Seq, string JobId, long LeaseMs)>();
        var findJobs = Command($"""
            SELECT seq, job_id, lease_ms FROM jobs
            WHERE state = {StateRunning} AND open_chunks > 0
              AND computation IN (SELECT value FROM json_each($computations))
              AND ($jobs IS NULL OR job_id IN (SELECT value FROM json_each($jobs)))
            ORDER BY seq;
            """);
        Bind(findJobs, "$computations", computations);
        using (var reader = Bind(findJobs, "$jobs", jobIds).ExecuteReader())
        {
            while (reader.Read())
            {
                jobs.Add((reader.GetInt64(0), reader.GetString(1), reader.GetInt64(2)));
            }
        }

        var leases = new List<ChunkLease>(Math.Min(request.MaxChunks, 1024));
        foreach (var job in jobs)
        {
            if (leases.Count >= request.MaxChunks)
            {
                break;
            }

            LeaseFromJob(job.Seq, job.JobId, job.LeaseMs, request, now, leases);
        }

        return leases;
    }

    /// <summary>
    /// Takes the job's earliest takeable chunks (pending ones past their retry delay and expired leases) with one
    /// UPDATE ... RETURNING for the whole batch: with chunks of one parameter the per-statement cost is the cost.
    /// The batch shares one fresh random token; ownership is checked on (chunk id, token), and a chunk leased
    /// again gets the token of its new batch, so a zombie still cannot match.
    /// </summary>
    private void LeaseFromJob(long seq, string jobId, long leaseMs, LeaseRequest request, long now, List<ChunkLease> leases)
    {
        var takeable = $"""
            SELECT id, state FROM chunks
            WHERE job_seq = $seq AND state < {StateCompleted} AND due_ms <= $now
            ORDER BY due_ms LIMIT $limit
            """;
        var limit = request.MaxChunks - leases.Count;

        // Expired leases in the batch are reclaims; RETURNING only shows the new state, so count them first.
        var count = Command($"SELECT count(*) FROM ({takeable}) WHERE state = {StateLeased};");
        Bind(count, "$seq", seq);
        Bind(count, "$now", now);
        var reclaimed = Convert.ToInt32(Bind(count, "$limit", limit).ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);

        var token = Random.Shared.NextInt64();
        var formatted = FormatToken(token);
        var take = Command($"""
            UPDATE chunks SET state = {StateLeased}, attempts = attempts + 1, worker_id = $worker, token = $token, due_ms = $due
            WHERE id IN (SELECT id FROM ({takeable}))
            RETURNING id, start, count, attempts, (SELECT data FROM payloads p WHERE p.chunk_id = chunks.id);
            """);
        Bind(take, "$seq", seq);
        Bind(take, "$now", now);
        Bind(take, "$limit", limit);
        Bind(take, "$worker", request.WorkerId);
        Bind(take, "$token", token);
        Bind(take, "$due", now + leaseMs);
        using (var reader = take.ExecuteReader())
        {
            while (reader.Read())
            {
                leases.Add(new ChunkLease
                {
                    JobId = jobId,
                    ChunkId = reader.GetInt64(0).ToString(System.Globalization.CultureInfo.InvariantCulture),
                    Start = reader.GetInt64(1),
                    Count = reader.GetInt32(2),
                    Attempt = reader.GetInt32(3),
                    WorkerId = request.WorkerId,
                    Token = formatted,
                    Payload = reader.IsDBNull(4) ? ReadOnlyMemory<byte>.Empty : (byte[])reader.GetValue(4),
                });
            }
        }

        if (reclaimed > 0)
        {
            Bind(Bind(Command("UPDATE jobs SET reclaimed = reclaimed + $n WHERE seq = $seq;"), "$n", reclaimed), "$seq", seq).ExecuteNonQuery();
            SqliteLog.Reclaimed(_logger, reclaimed, jobId);
        }
    }

    public Task<IReadOnlyList<ChunkLease>> RenewAsync(IReadOnlyList<ChunkLease> leases, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(leases);
        if (leases.Count == 0)
        {
            return Task.FromResult<IReadOnlyList<ChunkLease>>([]);
        }

        return WriteAsync<IReadOnlyList<ChunkLease>>(() =>
        {
            var now = NowMs;
            var jobs = new Dictionary<string, (long Seq, int State, long LeaseMs)?>(StringComparer.Ordinal);
            var held = new List<ChunkLease>(leases.Count);
            var renew = Command($"UPDATE chunks SET due_ms = $due WHERE id = $id AND job_seq = $seq AND state = {StateLeased} AND token = $token;");
            foreach (var lease in leases)
            {
                if (!jobs.TryGetValue(lease.JobId, out var job))
                {
                    job = FindJob(lease.JobId);
                    jobs[lease.JobId] = job;
                }

                if (job is not { State: StateRunning } running || !TryParseChunkId(lease.ChunkId, out var id) || !TryParseToken(lease.Token, out var token))
                {
                    continue;
                }

                Bind(renew, "$due", now + running.LeaseMs);
                Bind(renew, "$id", id);
                Bind(renew, "$seq", running.Seq);
                if (Bind(renew, "$token", token).ExecuteNonQuery() == 1)
                {
                    held.Add(lease);
                }
            }

            return held;
        }, cancellationToken);
    }

    /// <summary>A JSON array of strings for json_each, written without the reflection-based serializer (slow on first use).</summary>
    private static string JsonList(IEnumerable<string> values)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            foreach (var value in values)
            {
                writer.WriteStringValue(value);
            }

            writer.WriteEndArray();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
