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

        // "state < 2" repeats the partial index's condition so SQLite walks only open chunks.
        var expire = Command($"""
            UPDATE chunks SET due_ms = $now
            WHERE state < {StateCompleted} AND state = {StateLeased} AND worker_id = $worker AND due_ms > $now;
            """);
        var end = Command("DELETE FROM sessions WHERE worker_id = $worker;");
        Bind(expire, "$now", now);
        foreach (var worker in lapsed)
        {
            var freed = Bind(expire, "$worker", worker).ExecuteNonQuery();
            Bind(end, "$worker", worker).ExecuteNonQuery();
            if (freed > 0)
            {
                SqliteLog.SessionLapsed(_logger, worker, freed);
            }
        }
    }

    private void EndSession(string workerId) => Bind(Command("DELETE FROM sessions WHERE worker_id = $worker;"), "$worker", workerId).ExecuteNonQuery();
}
