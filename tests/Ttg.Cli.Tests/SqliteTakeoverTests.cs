using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Ttg.Testing;

namespace Ttg.Cli.Tests;

/// <summary>
/// Standalone workers on one SQLite file: a killed worker's chunks are taken over first, ahead of the backlog,
/// within the liveness timeout and a lease round; and a churn of killed workers that held queued (never started)
/// chunks spends no attempt, so it splits nothing and fails nothing.
/// </summary>
public sealed class SqliteTakeoverTests : IDisposable
{
    private const int LivenessSeconds = 2;
    private readonly TempFolder _folder = new();

    private string Store => _folder.File("ttg.db");

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task AKilledWorkersChunks_RunElsewhereWithinLivenessAndALeaseRound_WhileThousandsOfChunksWait()
    {
        var job = await SubmitAsync("--params", "400000", "--chunk-size", "50", "--work-ms", "0.2"); // 8,000 chunks of 10 ms
        using var victim = StartWorker("victim", "--concurrency", "2");
        using var survivor = StartWorker("survivor", "--concurrency", "1");
        try
        {
            var held = await WaitForHeldAsync("victim");
            victim.Kill();
            var killed = Stopwatch.StartNew();

            // Each of its chunks is leased by the survivor or completed; none waits behind the backlog.
            while (await CountAsync($"SELECT COUNT(*) FROM chunks WHERE id IN ({string.Join(',', held)}) AND state = 1 AND worker_id = 'victim'") > 0)
            {
                Assert.True(killed.Elapsed < TimeSpan.FromSeconds(30), "the killed worker's chunks were never taken over");
                await Task.Delay(20);
            }

            var tookOver = killed.Elapsed;
            var waiting = await CountAsync("SELECT COUNT(*) FROM chunks WHERE state = 0 AND attempts = 0");
            Assert.True(waiting > 1000, $"only {waiting} never-leased chunks were left: the takeover did not go ahead of the backlog");
            Assert.True(tookOver < TimeSpan.FromSeconds(LivenessSeconds + 1), $"taken over after {tookOver.TotalSeconds:F2} s; the bound is liveness ({LivenessSeconds} s) + 1 s");
        }
        finally
        {
            survivor.Kill();
        }

        Assert.NotEmpty(job);
    }

    // 60 in the test suite (each kill costs a process start); bench/churn.sh runs the same test with 200.
    private static int ChurnKills => int.TryParse(Environment.GetEnvironmentVariable("TTG_TEST_CHURN_KILLS"), out var kills) ? kills : 60;

    [Fact]
    public async Task ManyKilledWorkersHoldingQueuedChunks_SpendNoAttempt_SplitNothing_AndFailNothing()
    {
        // Chunks of one 0.2 ms parameter: a worker computes one and holds the next ones queued (its prefetch). A queued
        // chunk of a killed worker goes back with its attempts intact; if it spent one, three kills would split or
        // fail it (a chunk of one parameter cannot split, so it would be recorded failed).
        var job = await SubmitAsync("--params", "100000", "--chunk-size", "1", "--work-ms", "0.2", "--max-attempts", "3");
        var random = new Random(7);
        var kills = 0;
        var queuedAtKill = 0L;
        var running = new List<(ChildProcess Process, string Id)>();
        try
        {
            while (kills < ChurnKills)
            {
                while (running.Count < 4)
                {
                    var id = $"churn{kills + running.Count}-{random.Next(1_000_000)}";
                    running.Add((StartWorker(id, "--concurrency", "1"), id));
                }

                var (process, victim) = running[0];
                running.RemoveAt(0);
                await WaitForSessionAsync(victim, process);
                // Killed the moment it holds a queued chunk, as the churn did, but not while it computes a
                // takeover (the first chunks every fresh worker computes), so kills do not all land on one started
                // chunk, which would rightly spend that chunk's attempts.
                queuedAtKill += await WaitForQueuedAsync(victim, process);
                process.Kill();
                process.Dispose();
                kills++;
            }
        }
        finally
        {
            running.ForEach(r => r.Process.Kill());
        }

        Assert.True(queuedAtKill >= kills, $"the {kills} killed workers held only {queuedAtKill} queued chunks between them: the test did not exercise queued chunks");
        var finish = await TtgProcess.RunAsync(_folder.Path, null, TimeSpan.FromMinutes(3), "worker", "--store", Store, "--exit-when-idle", "--worker-id", "finisher", "--concurrency", "2");
        Assert.True(finish.ExitCode == 0, finish.ToString());

        var progress = await StoreProbe.ProgressAsync(Store, job);
        var failed = await TtgProcess.RunAsync(_folder.Path, "results", job, "--failed", "--store", Store);
        Assert.True(progress.Failed == 0, $"{progress.Failed} parameters recorded failed:\n{failed.Stdout}");
        Assert.Equal(100000, progress.Succeeded);
        Assert.Equal(0, await CountAsync("SELECT COUNT(*) FROM chunks WHERE state = 3"));
        Assert.True(progress.ReclaimedChunks > 0, "no chunk was reclaimed from a killed worker");
    }

    private async Task<string> SubmitAsync(params string[] args)
    {
        var submit = await TtgProcess.RunAsync(_folder.Path, ["submit", "spin", .. args, "--store", Store]);
        Assert.True(submit.ExitCode == 0, submit.ToString());
        return submit.Stdout.Trim();
    }

    private ChildProcess StartWorker(string id, params string[] extra) =>
        TtgProcess.Start(_folder.Path, null, ["worker", "--store", Store, "--exit-when-idle", "--worker-id", id, "--liveness", $"{LivenessSeconds}", .. extra]);

    private async Task<List<long>> WaitForHeldAsync(string workerId)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var held = new List<long>();
            await using (var connection = Open())
            {
                await using var query = connection.CreateCommand();
                query.CommandText = "SELECT id FROM chunks WHERE state = 1 AND worker_id = $w";
                query.Parameters.AddWithValue("$w", workerId);
                await using var reader = await query.ExecuteReaderAsync();
                while (await reader.ReadAsync())
                {
                    held.Add(reader.GetInt64(0));
                }
            }

            if (held.Count > 0)
            {
                return held;
            }

            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"worker {workerId} never leased a chunk");
            await Task.Delay(10);
        }
    }

    // A worker opens its session with its first lease; from then on it computes and holds queued chunks.
    private async Task WaitForSessionAsync(string workerId, ChildProcess process)
    {
        var clock = Stopwatch.StartNew();
        while (await CountAsync($"SELECT COUNT(*) FROM sessions WHERE worker_id = '{workerId}'") == 0)
        {
            Assert.False(process.HasExited, $"worker {workerId} exited before it leased:\n{process.Stderr}");
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), $"worker {workerId} never leased a chunk");
            await Task.Delay(10);
        }
    }

    private async Task<long> WaitForQueuedAsync(string workerId, ChildProcess process)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            // Queued chunks held, counted only while the worker computes no takeover: a chunk an earlier worker died
            // computing is marked started before this one computes it, so killing every worker then would rightly
            // spend that one chunk's attempts (each fresh worker takes the takeovers first).
            var queued = await CountAsync($"""
                SELECT IFNULL(CASE WHEN SUM(started = 1 AND attempts > 1) > 0 THEN 0 ELSE SUM(started = 0) END, 0)
                FROM chunks WHERE state = 1 AND worker_id = '{workerId}'
                """);
            if (queued > 0 || process.HasExited || clock.Elapsed > TimeSpan.FromSeconds(30))
            {
                return queued;
            }

            await Task.Delay(5);
        }
    }

    private async Task<long> CountAsync(string sql)
    {
        await using var connection = Open();
        await using var query = connection.CreateCommand();
        query.CommandText = sql;
        return (long)(await query.ExecuteScalarAsync())!;
    }

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Store, Mode = SqliteOpenMode.ReadOnly, DefaultTimeout = 30 }.ToString());
        connection.Open();
        return connection;
    }
}
