using System.Diagnostics;
using System.Text;
using Microsoft.Data.Sqlite;
using Ttg.WorkQueue;

namespace Ttg.Sqlite;

internal sealed partial class SqliteStore
{
    private const int InsertBatch = 1000;

    private const string JobColumns =
        "job_id, name, computation, total_parameters, chunk_count, lease_ms, max_attempts, spec_json, created_ms, state, finished_ms";

    public Task<JobInfo> SubmitAsync(JobSubmission submission, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(submission);
        return WriteAsync(() => Submit(submission), cancellationToken);
    }

    private JobInfo Submit(JobSubmission submission)
    {
        var clock = Stopwatch.StartNew();
        if (FindJob(submission.JobId) is not null)
        {
            throw new InvalidOperationException($"A job with id '{submission.JobId}' already exists in {Description}.");
        }

        var now = NowMs;
        var insertJob = Command($"""
            INSERT INTO jobs(job_id, name, computation, total_parameters, chunk_count, lease_ms, max_attempts, spec_json, created_ms, state, pending_chunks)
            VALUES ($job, $name, $computation, $total, $chunks, $lease, $attempts, $spec, $now, {StateRunning}, 0) RETURNING seq;
            """);
        Bind(insertJob, "$job", submission.JobId);
        Bind(insertJob, "$name", submission.Name);
        Bind(insertJob, "$computation", submission.Computation);
        Bind(insertJob, "$total", submission.TotalParameters);
        Bind(insertJob, "$chunks", submission.ChunkCount);
        Bind(insertJob, "$lease", (long)submission.Lease.TotalMilliseconds);
        Bind(insertJob, "$attempts", submission.MaxAttempts);
        Bind(insertJob, "$spec", submission.SpecJson);
        Bind(insertJob, "$now", now);
        var seq = (long)insertJob.ExecuteScalar()!;

        var (count, done) = InsertChunks(seq, submission.Chunks);
        if (count != submission.ChunkCount)
        {
            throw new ArgumentException($"Job '{submission.JobId}' declares {submission.ChunkCount} chunks but enumerates {count}.", nameof(submission));
        }

        // A job without chunks has nothing left to record: it is complete the moment it exists.
        var open = Command($"""
            UPDATE jobs SET pending_chunks = $count, completed_chunks = $completed, succeeded = $succeeded, failed = $failed,
                state = CASE WHEN $count = 0 THEN {StateJobCompleted} ELSE state END,
                finished_ms = CASE WHEN $count = 0 THEN $now END
            WHERE seq = $seq;
            """);
        Bind(open, "$count", count - done.Chunks);
        Bind(open, "$completed", done.Chunks);
        Bind(open, "$succeeded", done.Succeeded);
        Bind(open, "$failed", done.Failed);
        Bind(open, "$now", now);
        Bind(open, "$seq", seq);
        open.ExecuteNonQuery();
        SqliteLog.Submitted(_logger, submission.JobId, count, clock.ElapsedMilliseconds);
        return ReadJob(seq)!;
    }

    /// <summary>
    /// Inserts the chunks; returns how many, and the chunks and parameters among them already completed. Pending
    /// chunks without payload go in JSON batches of <see cref="InsertBatch"/> (one statement each, ids in order); a
    /// chunk with payload or known results goes alone with its rows.
    /// </summary>
    private (int Count, (int Chunks, long Succeeded, long Failed) Done) InsertChunks(long seq, IEnumerable<ChunkSpec> chunks)
    {
        var insertCompleted = Command($"INSERT INTO chunks(job_seq, start, count, state) VALUES ($seq, $start, $count, {StateCompleted}) RETURNING id;");
        var insertPayloadOf = Command("INSERT INTO payloads(chunk_id, data) VALUES ($id, $data);");
        var insertResults = Command("INSERT INTO results(chunk_id, job_seq, start, count, data, failed) VALUES ($id, $seq, $start, $count, $data, $failed);");
        Bind(insertCompleted, "$seq", seq);
        Bind(insertResults, "$seq", seq);
        (int Chunks, long Succeeded, long Failed) done = (0, 0, 0);
        var insertMany = Command($"INSERT INTO chunks(job_seq, start, count, state) SELECT $seq, value ->> 0, value ->> 1, {StatePending} FROM json_each($batch);");
        var insertOne = Command($"INSERT INTO chunks(job_seq, start, count, state) VALUES ($seq, $start, $count, {StatePending});");
        var insertPayload = Command("INSERT INTO payloads(chunk_id, data) VALUES (last_insert_rowid(), $data);");
        Bind(insertMany, "$seq", seq);
        Bind(insertOne, "$seq", seq);
        var batch = new StringBuilder("[");
        var batched = 0;
        var count = 0;

        void Flush()
        {
            if (batched > 0)
            {
                Bind(insertMany, "$batch", batch.Append(']').ToString()).ExecuteNonQuery();
                batch.Clear().Append('[');
                batched = 0;
            }
        }

        foreach (var chunk in chunks)
        {
            if (chunk.Count < 1)
            {
                throw new ArgumentException($"Chunk at {chunk.Start} has {chunk.Count} parameters; a chunk has at least one.", nameof(chunks));
            }

            count++;
            if (chunk.Completed is { } completed)
            {
                Flush();
                Bind(insertCompleted, "$start", chunk.Start);
                var id = (long)Bind(insertCompleted, "$count", chunk.Count).ExecuteScalar()!;
                if (!chunk.Payload.IsEmpty)
                {
                    Bind(insertPayloadOf, "$id", id);
                    Bind(insertPayloadOf, "$data", ToArray(chunk.Payload)).ExecuteNonQuery();
                }

                Bind(insertResults, "$id", id);
                Bind(insertResults, "$start", chunk.Start);
                Bind(insertResults, "$count", chunk.Count);
                Bind(insertResults, "$failed", completed.Failed);
                Bind(insertResults, "$data", ToArray(completed.Results)).ExecuteNonQuery();
                done = (done.Chunks + 1, done.Succeeded + completed.Succeeded, done.Failed + completed.Failed);
                continue;
            }

            if (chunk.Payload.IsEmpty)
            {
                batch.Append(batched++ == 0 ? "[" : ",[").Append(chunk.Start).Append(',').Append(chunk.Count).Append(']');
                if (batched == InsertBatch)
                {
                    Flush();
                }

                continue;
            }

            Flush();
            Bind(insertOne, "$start", chunk.Start);
            Bind(insertOne, "$count", chunk.Count).ExecuteNonQuery();
            Bind(insertPayload, "$data", ToArray(chunk.Payload)).ExecuteNonQuery();
        }

        Flush();
        return (count, done);
    }

    public Task<JobInfo?> GetJobAsync(string jobId, CancellationToken cancellationToken = default) =>
        ReadAsync(() => FindJob(jobId) is { } job ? ReadJob(job.Seq) : null, cancellationToken);

    public Task<IReadOnlyList<JobInfo>> ListJobsAsync(CancellationToken cancellationToken = default) =>
        ReadAsync<IReadOnlyList<JobInfo>>(() =>
        {
            var jobs = new List<JobInfo>();
            using var reader = Command($"SELECT {JobColumns} FROM jobs ORDER BY created_ms DESC, seq DESC;").ExecuteReader();
            while (reader.Read())
            {
                jobs.Add(ToJobInfo(reader));
            }

            return jobs;
        }, cancellationToken);

    public Task<bool> CancelAsync(string jobId, CancellationToken cancellationToken = default) =>
        WriteAsync(() =>
        {
            var cancel = Command($"UPDATE jobs SET state = {StateJobCancelled}, finished_ms = $now WHERE job_id = $job AND state IN ({StateRunning}, {StateJobPaused});");
            Bind(cancel, "$now", NowMs);
            return Bind(cancel, "$job", jobId).ExecuteNonQuery() == 1;
        }, cancellationToken);

    public Task<bool> PauseAsync(string jobId, CancellationToken cancellationToken = default) => SwitchState(jobId, StateRunning, StateJobPaused, cancellationToken);

    public Task<bool> ResumeAsync(string jobId, CancellationToken cancellationToken = default) => SwitchState(jobId, StateJobPaused, StateRunning, cancellationToken);

    private Task<bool> SwitchState(string jobId, int from, int to, CancellationToken cancellationToken) =>
        WriteAsync(() =>
        {
            var change = Command("UPDATE jobs SET state = $to WHERE job_id = $job AND state = $from;");
            Bind(change, "$to", to);
            Bind(change, "$from", from);
            return Bind(change, "$job", jobId).ExecuteNonQuery() == 1;
        }, cancellationToken);

    public Task<bool> DeleteAsync(string jobId, CancellationToken cancellationToken = default) =>
        WriteAsync(() =>
        {
            if (FindJob(jobId) is not { } job)
            {
                return false;
            }

            Bind(Command("DELETE FROM payloads WHERE chunk_id IN (SELECT id FROM chunks WHERE job_seq = $seq);"), "$seq", job.Seq).ExecuteNonQuery();
            Bind(Command("DELETE FROM results WHERE job_seq = $seq;"), "$seq", job.Seq).ExecuteNonQuery();
            Bind(Command("DELETE FROM chunks WHERE job_seq = $seq;"), "$seq", job.Seq).ExecuteNonQuery();
            Bind(Command("DELETE FROM worker_counts WHERE job_seq = $seq;"), "$seq", job.Seq).ExecuteNonQuery();
            Bind(Command("DELETE FROM job_workers WHERE job_seq = $seq;"), "$seq", job.Seq).ExecuteNonQuery();
            DeletePace(job.Seq);
            Bind(Command("DELETE FROM jobs WHERE seq = $seq;"), "$seq", job.Seq).ExecuteNonQuery();
            return true;
        }, cancellationToken);

    private JobInfo? ReadJob(long seq)
    {
        using var reader = Bind(Command($"SELECT {JobColumns} FROM jobs WHERE seq = $seq;"), "$seq", seq).ExecuteReader();
        return reader.Read() ? ToJobInfo(reader) : null;
    }

    private static JobInfo ToJobInfo(SqliteDataReader reader) => new()
    {
        JobId = reader.GetString(0),
        Name = reader.GetString(1),
        Computation = reader.GetString(2),
        TotalParameters = reader.GetInt64(3),
        ChunkCount = reader.GetInt32(4),
        Lease = TimeSpan.FromMilliseconds(reader.GetInt64(5)),
        MaxAttempts = reader.GetInt32(6),
        SpecJson = reader.GetString(7),
        CreatedAt = DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(8)),
        State = (JobState)reader.GetInt32(9),
        FinishedAt = reader.IsDBNull(10) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(10)),
    };
}
