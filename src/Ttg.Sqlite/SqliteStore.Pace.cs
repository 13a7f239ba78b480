using Ttg.WorkQueue;

namespace Ttg.Sqlite;

internal sealed partial class SqliteStore
{
    /// <summary>
    /// Logs one row per job and worker of a completion batch, in the completion's transaction, and drops the
    /// job's rows older than <see cref="JobPace.Horizon"/> so the log stays small however long the job runs.
    /// </summary>
    private void RecordPace(Dictionary<(long Seq, string Worker), long> byWorker, long now)
    {
        var insert = Command("INSERT INTO pace(job_seq, at_ms, worker_id, parameters) VALUES ($seq, $now, $worker, $n);");
        var prune = Command("DELETE FROM pace WHERE job_seq = $seq AND at_ms < $before;");
        var before = now - (long)JobPace.Horizon.TotalMilliseconds;
        var seqs = new HashSet<long>();
        foreach (var ((seq, worker), n) in byWorker)
        {
            Bind(insert, "$seq", seq);
            Bind(insert, "$now", now);
            Bind(insert, "$worker", worker);
            Bind(insert, "$n", n).ExecuteNonQuery();
            if (seqs.Add(seq))
            {
                Bind(prune, "$seq", seq);
                Bind(prune, "$before", before).ExecuteNonQuery();
            }
        }
    }

    /// <summary>The job's logged completions within the horizon, oldest first.</summary>
    private JobPace ReadPace(long seq)
    {
        var now = NowMs;
        var select = Command("""
            SELECT at_ms, worker_id, parameters FROM pace WHERE job_seq = $seq AND at_ms >= $after ORDER BY at_ms DESC LIMIT $limit;
            """);
        Bind(select, "$seq", seq);
        Bind(select, "$after", now - (long)JobPace.Horizon.TotalMilliseconds);
        Bind(select, "$limit", JobPace.MaxSamples);
        var samples = new List<PaceSample>();
        using (var reader = select.ExecuteReader())
        {
            while (reader.Read())
            {
                samples.Add(new PaceSample(DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(0)), reader.GetString(1), reader.GetInt64(2)));
            }
        }

        samples.Reverse();
        return new JobPace(DateTimeOffset.FromUnixTimeMilliseconds(now), samples);
    }

    private void DeletePace(long seq) => Bind(Command("DELETE FROM pace WHERE job_seq = $seq;"), "$seq", seq).ExecuteNonQuery();
}
