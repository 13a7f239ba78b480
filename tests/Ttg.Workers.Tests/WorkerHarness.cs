using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;
using Ttg.Jobs;
using Ttg.Results;
using Ttg.Sqlite;
using Ttg.Workers;
using Ttg.WorkQueue;

namespace Ttg.Workers.Tests;

/// <summary>
/// A real SQLite store on a temp file and a fake clock shared by the store and the workers, so minutes of leases,
/// sessions and backoff pass in milliseconds while every call still goes to the real store.
/// </summary>
internal sealed class WorkerHarness : IAsyncDisposable
{
    private WorkerHarness(ITtgBackend store, FakeTimeProvider clock, string path)
    {
        Store = store;
        Clock = clock;
        StorePath = path;
    }

    public ITtgBackend Store { get; }

    public FakeTimeProvider Clock { get; }

    public string StorePath { get; }

    public string Folder => Path.GetDirectoryName(StorePath)!;

    public static async Task<WorkerHarness> CreateAsync()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero));
        var directory = Directory.CreateTempSubdirectory("ttg-workers-").FullName;
        var path = Path.Combine(directory, "ttg.db");

        // A short busy timeout: a store held by another writer is an outage the worker sees within milliseconds.
        var store = await SqliteBackend.OpenAsync(new SqliteBackendOptions { Path = path, BusyTimeout = TimeSpan.FromMilliseconds(20) }, clock);
        return new WorkerHarness(store, clock, path);
    }

    /// <summary>A computation that waits <paramref name="perParameter"/> on the fake clock and returns the index: minutes of work in milliseconds.</summary>
    public ComputationRegistry Sleeping(string name, TimeSpan perParameter) =>
        new ComputationRegistry().Add(name, async (p, ct) =>
        {
            await Task.Delay(perParameter, Clock, ct);
            return (Result)p.Index;
        });

    public async Task<string> SubmitAsync(ComputationRegistry registry, JobSpec spec)
    {
        var plan = JobPlan.Create(spec, registry);
        var jobId = $"job-{Guid.NewGuid():N}"[..12];
        await Store.SubmitAsync(plan.ToSubmission(jobId));
        return jobId;
    }

    public Worker NewWorker(ComputationRegistry registry, string jobId, string workerId, int concurrency = 2, TimeSpan? liveness = null, int? prefetch = null) =>
        new(Store, registry, new WorkerOptions
        {
            WorkerId = workerId,
            Concurrency = concurrency,
            Prefetch = prefetch,
            JobIds = [jobId],
            ExitWhenIdle = true,
            Liveness = liveness ?? WorkerOptions.DefaultLiveness,
            GracePeriod = TimeSpan.FromSeconds(5),
        }, timeProvider: Clock);

    /// <summary>Moves the fake clock on in steps, giving the worker real time to react between them, until the task ends.</summary>
    public async Task<T> DriveAsync<T>(Task<T> task, TimeSpan step, TimeSpan? limit = null)
    {
        await DriveUntilAsync(() => task.IsCompleted, step, limit ?? TimeSpan.FromHours(1));
        return await task;
    }

    /// <summary>Moves the fake clock on in steps until the condition holds; fails when the fake limit or 60 real seconds pass first.</summary>
    public async Task DriveUntilAsync(Func<bool> condition, TimeSpan step, TimeSpan limit)
    {
        var moved = TimeSpan.Zero;
        using var real = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (!condition())
        {
            Assert.False(moved > limit, $"the condition did not hold within {limit} of fake time");
            Assert.False(real.IsCancellationRequested, "the condition did not hold within 60 s of real time");
            Clock.Advance(step);
            moved += step;
            await Task.Delay(2, CancellationToken.None);
        }
    }

    public async Task<JobProgress> ProgressAsync(string jobId) => (await Store.GetProgressAsync(jobId))!;

    /// <summary>Every stored outcome of the job, by parameter index; fails on a parameter recorded twice.</summary>
    public async Task<Dictionary<long, ParameterOutcome>> OutcomesAsync(string jobId)
    {
        var outcomes = new Dictionary<long, ParameterOutcome>();
        await foreach (var chunk in Store.ReadResultsAsync(jobId))
        {
            foreach (var outcome in ResultCodec.Decode(chunk))
            {
                Assert.True(outcomes.TryAdd(outcome.Index, outcome), $"parameter {outcome.Index} was recorded twice");
            }
        }

        return outcomes;
    }

    /// <summary>
    /// Makes the store unusable for writes the way a stalled or unreachable store is: another connection holds the
    /// write lock, so every lease, renewal, heartbeat and completion fails as busy (a transient error) until disposed.
    /// </summary>
    public IDisposable HoldWriteLock()
    {
        var connection = new SqliteConnection($"Data Source={StorePath};Pooling=False");
        connection.Open();
        using (var begin = connection.CreateCommand())
        {
            begin.CommandText = "BEGIN IMMEDIATE;";
            begin.ExecuteNonQuery();
        }

        return new WriteLock(connection);
    }

    /// <summary>Reads one number straight from the store's file, on a connection of its own (WAL: it never blocks the store).</summary>
    public long ReadScalar(string sql)
    {
        using var connection = new SqliteConnection($"Data Source={StorePath};Pooling=False;Mode=ReadOnly");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    public async ValueTask DisposeAsync()
    {
        await Store.DisposeAsync();
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private sealed class WriteLock(SqliteConnection connection) : IDisposable
    {
        public void Dispose()
        {
            using (var rollback = connection.CreateCommand())
            {
                rollback.CommandText = "ROLLBACK;";
                rollback.ExecuteNonQuery();
            }

            connection.Dispose();
        }
    }
}
