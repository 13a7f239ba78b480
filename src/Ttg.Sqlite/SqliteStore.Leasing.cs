using System.Text.Json;
using Ttg.WorkQueue;

namespace Ttg.Sqlite;

internal sealed partial class SqliteStore
{
    // Calls are serialised by the store's gate, so a plain counter suffices.
    private ulong _leaseRound;

    public Task<IReadOnlyList<ChunkLease>> LeaseAsync(LeaseRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.MaxChunks <= 0 || request.Computations.Count == 0 || request.JobIds is { Count: 0 })
        {
            return Task.FromResult<IReadOnlyList<ChunkLease>>([]);
        }

        var computations = JsonSerializer.Serialize(request.Computations);
        var jobIds = request.JobIds is null ? null : JsonSerializer.Serialize(request.JobIds);
        return WriteAsync<IReadOnlyList<ChunkLease>>(() => Lease(request, computations, jobIds), cancellationToken);
    }

    private List<ChunkLease> Lease(LeaseRequest request, string computations, string? jobIds)
    {
        var now = NowMs;
        if (request.Liveness > TimeSpan.Zero)
        {
            ExtendSession(request.WorkerId, request.Liveness, now);
        }

        FreeLapsedSessions(now);
        var jobs = new List<(long Seq, string JobId, long LeaseMs)>();
        var findJobs = Command($"""
            SELECT seq, job_id, lease_ms FROM jobs
            WHERE state = {StateRunning} AND pending_chunks + leased_chunks > 0
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

        // Each call starts at the next job in turn, so concurrent jobs share the workers instead of the oldest
        // draining first.
        var leases = new List<ChunkLease>(Math.Min(request.MaxChunks, 1024));
        var offset = jobs.Count == 0 ? 0 : (int)(++_leaseRound % (ulong)jobs.Count);
        for (var i = 0; i < jobs.Count && leases.Count < request.MaxChunks; i++)
        {
            var job = jobs[(i + offset) % jobs.Count];
            LeaseFromJob(job.Seq, job.JobId, job.LeaseMs, request, now, leases);
        }

        return leases;
    }

    /// <summary>Takes the job's earliest takeable chunks: pending ones past their retry delay and expired leases.</summary>
    private void LeaseFromJob(long seq, string jobId, long leaseMs, LeaseRequest request, long now, List<ChunkLease> leases)
    {
        // Expired and freed leases first (state 1, due passed), then the pending backlog: a dead worker's chunks
        // are taken over in the next lease, not after every never-leased chunk. Each is one short index range.
        var candidates = new List<(long Id, long Start, int Count, int State, int Attempts, bool Started, bool Lost, byte[]? Payload)>();
        foreach (var state in (ReadOnlySpan<int>)[StateLeased, StatePending])
        {
            var select = Command($"""
                SELECT c.id, c.start, c.count, c.state, c.attempts, c.started, c.lost, p.data
                FROM chunks c LEFT JOIN payloads p ON p.chunk_id = c.id
                WHERE c.job_seq = $seq AND c.state < {StateCompleted} AND c.state = $state AND c.due_ms <= $now
                ORDER BY c.due_ms LIMIT $limit;
                """);
            Bind(select, "$seq", seq);
            Bind(select, "$state", state);
            Bind(select, "$now", now);
            using var reader = Bind(select, "$limit", request.MaxChunks - leases.Count - candidates.Count).ExecuteReader();
            while (reader.Read())
            {
                candidates.Add((reader.GetInt64(0), reader.GetInt64(1), reader.GetInt32(2), reader.GetInt32(3),
                    reader.GetInt32(4), reader.GetBoolean(5), reader.GetBoolean(6), reader.IsDBNull(7) ? null : (byte[])reader.GetValue(7)));
            }

            if (leases.Count + candidates.Count >= request.MaxChunks)
            {
                break;
            }
        }

        if (candidates.Count == 0)
        {
            return;
        }

        // Taking over a lease its holder never started gives that attempt back before counting this one; one it
        // started (its lease expired, or its lapsed session was pinned on it) keeps it spent and marks the chunk lost.
        // Only a first attempt of a chunk never lost may start at lease (see LeaseRequest.StartNow); the rest start
        // when their holder marks them.
        int? startNow = request.StartNow is { } n ? Math.Max(0, n - leases.Count) : null;
        var plan = new List<(long Id, int Attempt, bool Started, bool Lost)>(candidates.Count);
        foreach (var chunk in candidates)
        {
            var takenOver = chunk.State == StateLeased;
            var attempt = chunk.Attempts + (takenOver && !chunk.Started ? 0 : 1);
            var lost = chunk.Lost || (takenOver && chunk.Started);
            var started = startNow is not { } limit || (plan.Count < limit && attempt == 1 && !lost);
            plan.Add((chunk.Id, attempt, started, lost));
        }

        // One statement takes the whole batch; SQLite draws each lease's token, so a takeover always changes it.
        var take = Command($"""
            UPDATE chunks SET state = {StateLeased}, worker_id = $worker, token = random(), due_ms = $due,
                attempts = plan.attempt, started = plan.started, lost = plan.lost,
                started_ms = CASE WHEN plan.started THEN $now ELSE 0 END,
                copy_token = NULL, copy_worker = NULL
            FROM (SELECT json_extract(value, '$[0]') AS id, json_extract(value, '$[1]') AS attempt, json_extract(value, '$[2]') AS started,
                         json_extract(value, '$[3]') AS lost FROM json_each($plan)) AS plan
            WHERE chunks.id = plan.id
            RETURNING chunks.id, chunks.token;
            """);
        Bind(take, "$worker", request.WorkerId);
        Bind(take, "$due", now + leaseMs);
        Bind(take, "$now", now);
        Bind(take, "$plan", "[" + string.Join(',', plan.Select(p => FormattableString.Invariant($"[{p.Id},{p.Attempt},{(p.Started ? 1 : 0)},{(p.Lost ? 1 : 0)}]"))) + "]");
        var tokens = new Dictionary<long, long>(candidates.Count);
        using (var reader = take.ExecuteReader())
        {
            while (reader.Read())
            {
                tokens[reader.GetInt64(0)] = reader.GetInt64(1);
            }
        }

        var reclaimed = 0;
        for (var i = 0; i < candidates.Count; i++)
        {
            var chunk = candidates[i];
            reclaimed += chunk.State == StateLeased ? 1 : 0;
            leases.Add(new ChunkLease
            {
                JobId = jobId,
                ChunkId = chunk.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
                Start = chunk.Start,
                Count = chunk.Count,
                Attempt = plan[i].Attempt,
                StartedAtLease = plan[i].Started,
                EarlierHolderLost = plan[i].Lost,
                WorkerId = request.WorkerId,
                Token = FormatToken(tokens[chunk.Id]),
                Payload = chunk.Payload ?? ReadOnlyMemory<byte>.Empty,
            });
        }

        Shift(seq, pending: reclaimed - candidates.Count, leased: candidates.Count - reclaimed, reclaimed: reclaimed);
        if (request.Liveness > TimeSpan.Zero)
        {
            SeeWorker(seq, request.WorkerId, now);
        }

        if (reclaimed > 0)
        {
            SqliteLog.Reclaimed(_logger, reclaimed, jobId);
        }
    }

    public Task MarkStartedAsync(IReadOnlyList<ChunkLease> leases, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(leases);
        if (leases.Count == 0)
        {
            return Task.CompletedTask;
        }

        return WriteAsync(() =>
        {
            var jobs = new Dictionary<string, (long Seq, int State, long LeaseMs)?>(StringComparer.Ordinal);
            var start = Command($"UPDATE chunks SET started = 1, started_ms = $now WHERE id = $id AND job_seq = $seq AND state = {StateLeased} AND token = $token AND started = 0;");
            var now = NowMs;
            foreach (var lease in leases)
            {
                if (Own(lease, jobs, out var seq, out var id, out var token) == LeaseOutcome.Accepted)
                {
                    Bind(start, "$id", id);
                    Bind(start, "$seq", seq);
                    Bind(start, "$now", now);
                    Bind(start, "$token", token).ExecuteNonQuery();
                }
            }

            return 0;
        }, cancellationToken);
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
            // A copy's renewal keeps the chunk's lease alive too: either holder may still complete it.
            var renew = Command($"UPDATE chunks SET due_ms = max(due_ms, $due) WHERE id = $id AND job_seq = $seq AND state = {StateLeased} AND (token = $token OR copy_token = $token);");
            foreach (var lease in leases)
            {
                if (!jobs.TryGetValue(lease.JobId, out var job))
                {
                    job = FindJob(lease.JobId);
                    jobs[lease.JobId] = job;
                }

                if (job is not { State: StateRunning or StateJobPaused } running || !TryParseChunkId(lease.ChunkId, out var id) || !TryParseToken(lease.Token, out var token))
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
}
