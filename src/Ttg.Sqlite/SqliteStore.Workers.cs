using Ttg.WorkQueue;

namespace Ttg.Sqlite;

// Who works on a job: one job_workers row per worker heard from in the job (a lease with a session, a heartbeat
// or a note), with its host and fault note. Sessions themselves stay per store (see SqliteStore.Sessions).
internal sealed partial class SqliteStore
{
    public Task ReportWorkerAsync(WorkerNote note, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(note);
        ArgumentNullException.ThrowIfNull(note.JobIds);
        if (note.JobIds.Count == 0)
        {
            return Task.CompletedTask;
        }

        return WriteAsync(() =>
        {
            var now = NowMs;
            // A fault keeps the time it was first reported while it stays the same; null clears both.
            var upsert = Command("""
                INSERT INTO job_workers(job_seq, worker_id, host, seen_ms, fault, fault_ms)
                VALUES ($seq, $worker, $host, $now, $fault, CASE WHEN $fault IS NULL THEN NULL ELSE $now END)
                ON CONFLICT(job_seq, worker_id) DO UPDATE SET
                    host = coalesce(excluded.host, host), seen_ms = excluded.seen_ms, fault = excluded.fault,
                    fault_ms = CASE WHEN excluded.fault IS NULL THEN NULL WHEN fault IS excluded.fault THEN fault_ms ELSE excluded.fault_ms END;
                """);
            Bind(upsert, "$worker", note.WorkerId);
            Bind(upsert, "$host", note.Host);
            Bind(upsert, "$now", now);
            Bind(upsert, "$fault", note.Fault);
            foreach (var jobId in note.JobIds.Distinct(StringComparer.Ordinal))
            {
                if (FindJob(jobId) is { State: StateRunning or StateJobPaused } job)
                {
                    Bind(upsert, "$seq", job.Seq).ExecuteNonQuery();
                }
            }

            return 0;
        }, cancellationToken);
    }

    public Task<IReadOnlyList<WorkerSessionInfo>> ListWorkersAsync(string jobId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(jobId);
        return ReadAsync<IReadOnlyList<WorkerSessionInfo>>(() =>
        {
            if (FindJob(jobId) is not { } job)
            {
                return [];
            }

            // "state < 2" lets the held-chunk count use the open-chunk index.
            var list = Command($"""
                SELECT w.worker_id, w.host, w.seen_ms, w.fault, w.fault_ms, coalesce(s.alive_until_ms >= $now, 0),
                    (SELECT count(*) FROM chunks c
                     WHERE c.job_seq = w.job_seq AND c.state < {StateCompleted} AND c.state = {StateLeased} AND c.worker_id = w.worker_id)
                FROM job_workers w LEFT JOIN sessions s ON s.worker_id = w.worker_id
                WHERE w.job_seq = $seq
                ORDER BY w.worker_id;
                """);
            Bind(list, "$now", NowMs);
            var workers = new List<WorkerSessionInfo>();
            using var reader = Bind(list, "$seq", job.Seq).ExecuteReader();
            while (reader.Read())
            {
                workers.Add(new WorkerSessionInfo
                {
                    WorkerId = reader.GetString(0),
                    Host = reader.IsDBNull(1) ? null : reader.GetString(1),
                    LastSeen = DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(2)),
                    Fault = reader.IsDBNull(3) ? null : reader.GetString(3),
                    FaultAt = reader.IsDBNull(4) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(4)),
                    Alive = reader.GetInt64(5) == 1,
                    ChunksHeld = reader.GetInt64(6),
                });
            }

            return workers;
        }, cancellationToken);
    }

    /// <summary>Records that the worker was heard from in the job now.</summary>
    private void SeeWorker(long seq, string workerId, long now)
    {
        var see = Command("""
            INSERT INTO job_workers(job_seq, worker_id, seen_ms) VALUES ($seq, $worker, $now)
            ON CONFLICT(job_seq, worker_id) DO UPDATE SET seen_ms = excluded.seen_ms;
            """);
        Bind(see, "$seq", seq);
        Bind(see, "$worker", workerId);
        Bind(see, "$now", now).ExecuteNonQuery();
    }
}
