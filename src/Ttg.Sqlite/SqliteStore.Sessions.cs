using Ttg.WorkQueue;

namespace Ttg.Sqlite;

// Worker sessions. One store serves one machine's workers, so a session covers every job a worker leases from.
internal sealed partial class SqliteStore
{
    // A handful per lease call: freeing a worker's chunks walks the open chunks, and lapses are rare.
    private const int LapsedSessionsPerLease = 16;

    public Task HeartbeatAsync(string workerId, IReadOnlyCollection<string> jobIds, TimeSpan liveness, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(workerId);
        ArgumentNullException.ThrowIfNull(jobIds);
        if (liveness <= TimeSpan.Zero || jobIds.Count == 0)
        {
            return Task.CompletedTask;
        }

        return WriteAsync(() =>
        {
            var now = NowMs;
            ExtendSession(workerId, liveness, now);
            foreach (var jobId in jobIds.Distinct(StringComparer.Ordinal))
            {
                if (FindJob(jobId) is { State: StateRunning or StateJobPaused } job)
                {
                    SeeWorker(job.Seq, workerId, now);
                }
            }

            return 0;
        }, cancellationToken);
    }

    private void ExtendSession(string workerId, TimeSpan liveness, long now)
    {
        var upsert = Command("""
            INSERT INTO sessions(worker_id, alive_until_ms) VALUES ($worker, $until)
            ON CONFLICT(worker_id) DO UPDATE SET alive_until_ms = excluded.alive_until_ms;
            """);
        Bind(upsert, "$worker", workerId);
        Bind(upsert, "$until", now + (long)Math.Ceiling(liveness.TotalMilliseconds)).ExecuteNonQuery();
    }

    /// <summary>
    /// Makes the chunks of workers whose session lapsed takeable now, as if their leases had expired (so the lease
    /// that takes them counts a reclaim), and ends those sessions.
    /// </summary>
    private void FreeLapsedSessions(long now)
    {
        var lapsed = new List<string>();
        var find = Command($"SELECT worker_id FROM sessions WHERE alive_until_ms < $now LIMIT {LapsedSessionsPerLease};");
        using (var reader = Bind(find, "$now", now).ExecuteReader())
        {
            while (reader.Read())
            {
                lapsed.Add(reader.GetString(0));
            }
        }

        if (lapsed.Count == 0)
        {
            return;
        }

        // The lapsed worker's leases become takeable now. What the loss spends is decided here, for all its chunks at
        // once (see IWorkQueue.ReleaseWorkerAsync): a started chunk it cannot be pinned on is set back to queued, so
        // the takeover gives its attempt back, and every started one is marked lost.
        // "state < 2" repeats the partial index's condition so SQLite walks only open chunks.
        var expire = Command($"""
            UPDATE chunks SET due_ms = min(due_ms, $now), lost = lost | started,
                started = CASE WHEN lost = 0 AND job_seq IN (SELECT value FROM json_each($unpinned)) THEN 0 ELSE started END
            WHERE state < {StateCompleted} AND state = {StateLeased} AND worker_id = $worker;
            """);
        var end = Command("DELETE FROM sessions WHERE worker_id = $worker;");
        Bind(expire, "$now", now);
        foreach (var worker in lapsed)
        {
            Bind(expire, "$unpinned", JobsWithSeveralStarted(worker));
            var freed = Bind(expire, "$worker", worker).ExecuteNonQuery();
            Bind(end, "$worker", worker).ExecuteNonQuery();
            if (freed > 0)
            {
                SqliteLog.SessionLapsed(_logger, worker, freed);
            }
        }
    }

    /// <summary>
    /// The jobs (as a JSON array of job seqs) in which <paramref name="workerId"/> had started more than one chunk: a
    /// loss of that worker cannot be pinned on any one of them. Counted per job, as the Redis store does.
    /// </summary>
    private string JobsWithSeveralStarted(string workerId)
    {
        var find = Command($"""
            SELECT job_seq FROM chunks WHERE state < {StateCompleted} AND state = {StateLeased} AND worker_id = $worker AND started = 1
            GROUP BY job_seq HAVING count(*) > 1;
            """);
        var seqs = new List<long>();
        using (var reader = Bind(find, "$worker", workerId).ExecuteReader())
        {
            while (reader.Read())
            {
                seqs.Add(reader.GetInt64(0));
            }
        }

        return "[" + string.Join(',', seqs) + "]";
    }

    private void EndSession(string workerId) => Bind(Command("DELETE FROM sessions WHERE worker_id = $worker;"), "$worker", workerId).ExecuteNonQuery();
}
