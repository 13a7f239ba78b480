using System.Diagnostics;
using System.Security.Cryptography;
using Microsoft.Data.Sqlite;
using Ttg.WorkQueue;

namespace Ttg.Sqlite.Tests;

public sealed class StoreOpeningTests : IClassFixture<TempStore>
{
    private readonly TempStore _temp;

    public StoreOpeningTests(TempStore temp)
    {
        _temp = temp;
    }

    private string NewPath() => _temp.PathOf($"{Guid.NewGuid():N}.db");

    private static Task<ITtgBackend> OpenAsync(string path, TimeSpan? busyTimeout = null) =>
        SqliteBackend.OpenAsync(new SqliteBackendOptions { Path = path, BusyTimeout = busyTimeout ?? TimeSpan.FromSeconds(30) });

    private static string Fingerprint(string path) => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path)));

    private static void Raw(string path, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    [Fact]
    public async Task Open_CreatesTheStore_WhenThePathIsNew()
    {
        var path = NewPath();

        await using (var backend = await OpenAsync(path))
        {
            Assert.Equal($"sqlite:{path}", backend.Description);
        }

        Assert.True(File.Exists(path));
        await using var reopened = await OpenAsync(path);
        Assert.Empty(await reopened.ListJobsAsync());
    }

    [Fact]
    public async Task Open_TreatsAnEmptyFileAsANewStore()
    {
        var path = NewPath();
        await File.WriteAllBytesAsync(path, []);

        await using var backend = await OpenAsync(path);

        Assert.Empty(await backend.ListJobsAsync());
    }

    [Fact]
    public async Task Open_RejectsAFileThatIsNotADatabase_AndLeavesItUnchanged()
    {
        var path = NewPath();
        await File.WriteAllTextAsync(path, "name,value\nalpha,1\n" + new string('x', 5000));
        var before = Fingerprint(path);

        var error = await Assert.ThrowsAsync<BackendException>(() => OpenAsync(path));

        Assert.Contains("not a TTG store", error.Message);
        Assert.Contains(path, error.Message);
        Assert.DoesNotContain('\n', error.Message);
        Assert.Equal(before, Fingerprint(path));
        Assert.False(File.Exists(path + "-wal"));
    }

    [Fact]
    public async Task Open_RejectsAForeignSqliteDatabase_AndLeavesItUnchanged()
    {
        var path = NewPath();
        Raw(path, "CREATE TABLE customers(id INTEGER PRIMARY KEY, name TEXT); INSERT INTO customers(name) VALUES ('ada');");
        var before = Fingerprint(path);

        var error = await Assert.ThrowsAsync<BackendException>(() => OpenAsync(path));

        Assert.Contains("not a TTG store", error.Message);
        Assert.Equal(before, Fingerprint(path));
        Assert.False(File.Exists(path + "-wal"));
    }

    [Fact]
    public async Task Open_RejectsAStoreWrittenByANewerVersion()
    {
        var path = NewPath();
        await (await OpenAsync(path)).DisposeAsync();
        Raw(path, "PRAGMA user_version = 99;");

        var error = await Assert.ThrowsAsync<BackendException>(() => OpenAsync(path));

        Assert.Contains("newer", error.Message);
    }

    [Fact]
    public async Task Open_RejectsAMissingDirectory_WithoutCreatingIt()
    {
        var directory = _temp.PathOf($"missing-{Guid.NewGuid():N}");
        var path = Path.Combine(directory, "ttg.db");

        var error = await Assert.ThrowsAsync<BackendException>(() => OpenAsync(path));

        Assert.Contains("does not exist", error.Message);
        Assert.False(Directory.Exists(directory));
    }

    [Fact]
    public async Task Open_RejectsALockedStore_SoonAfterTheBusyTimeout()
    {
        var path = NewPath();
        await (await OpenAsync(path)).DisposeAsync();
        using var holder = new SqliteConnection($"Data Source={path};Pooling=False");
        holder.Open();
        using (var command = holder.CreateCommand())
        {
            // Exclusive locking mode plus a write keeps every other connection out, readers included.
            command.CommandText = "PRAGMA locking_mode = EXCLUSIVE; BEGIN EXCLUSIVE; INSERT INTO ttg_meta(key, value) VALUES ('holder', 'x');";
            command.ExecuteNonQuery();
        }

        var clock = Stopwatch.StartNew();
        var error = await Assert.ThrowsAsync<BackendException>(() => OpenAsync(path, TimeSpan.FromMilliseconds(200)));

        Assert.Contains("locked", error.Message);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"Took {clock.Elapsed}.");
    }

    [Fact]
    public async Task Open_RejectsAReadOnlyStore_AndLeavesItUnchanged()
    {
        var path = NewPath();
        await (await OpenAsync(path)).DisposeAsync();
        var before = Fingerprint(path);
        using var readOnly = ReadOnlyFile.Make(path);

        var error = await Assert.ThrowsAsync<BackendException>(() => OpenAsync(path));

        Assert.Contains("read-only", error.Message);
        Assert.Equal(before, Fingerprint(path));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task Open_UpgradesAnOlderStoreInPlace_KeepingItsJobAndCountingItsLeasesAsStarted(int version)
    {
        var path = NewPath();
        OlderStore.Write(path, version);

        await using var upgraded = await OpenAsync(path);
        var freed = await upgraded.ReleaseWorkerAsync("w");
        var taken = await upgraded.LeaseAsync(new LeaseRequest("next", 2, ["test"]) { Liveness = TimeSpan.FromSeconds(30), StartNow = 0 });

        // The lease taken before the upgrade spent its attempt (it counts as started, its holder's only one) and is
        // marked lost; the queued ones work too.
        Assert.Single(freed);
        Assert.Equal([(2, true), (1, false)], taken.OrderBy(l => l.Start).Select(l => (l.Attempt, l.EarlierHolderLost)));
        Assert.Equal("next", Assert.Single(await upgraded.ListWorkersAsync("old")).WorkerId);
        Assert.Equal(7L, RawScalar(path, "PRAGMA user_version;"));
        Assert.Equal("7", RawScalar(path, "SELECT value FROM ttg_meta WHERE key = 'schema';"));
        Assert.Equal(0L, RawScalar(path, "SELECT count(*) FROM pace;"));
        Assert.Equal(0L, RawScalar(path, "SELECT copies + copies_won + copies_wasted + copied_parameters FROM jobs;"));
        Assert.Equal(0L, RawScalar(path, "SELECT count(*) FROM sqlite_master WHERE name = 'chunks_due';"));
        Assert.Equal(1L, RawScalar(path, "SELECT count(*) FROM sqlite_master WHERE name = 'chunks_open';"));
    }

    [Fact]
    public async Task Open_LeavesAnOlderStoreUntouched_WhenItsUpgradeCannotRun()
    {
        var path = NewPath();
        OlderStore.Write(path, 2);
        // An index the upgrade creates already exists, so it fails after altering the chunks: its one transaction rolls back.
        Raw(path, "CREATE INDEX chunks_open ON jobs(seq);");

        await Assert.ThrowsAsync<BackendException>(() => OpenAsync(path));

        Assert.Equal(2L, RawScalar(path, "PRAGMA user_version;"));
        Assert.Equal(1L, RawScalar(path, "SELECT count(*) FROM sqlite_master WHERE name = 'chunks_due';"));
        Assert.Equal(0L, RawScalar(path, "SELECT count(*) FROM pragma_table_info('chunks') WHERE name = 'started';"));
    }

    private static object? RawScalar(string path, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False;Mode=ReadOnly");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    [Fact]
    public async Task Reopen_KeepsACompletedJobAndItsResults()
    {
        var path = NewPath();
        await using (var backend = await OpenAsync(path))
        {
            await backend.SubmitAsync(Jobs.Submission("kept", 3));
            var leases = await backend.LeaseAsync(new LeaseRequest("w", 10, ["test"]));
            await backend.CompleteManyAsync(leases.Select(l => new ChunkCompletionRequest(l, new ChunkCompletion(new[] { (byte)l.Start }, l.Count, 0))).ToList());
        }

        await using var reopened = await OpenAsync(path);

        var job = await reopened.GetJobAsync("kept");
        Assert.Equal(JobState.Completed, job?.State);
        var results = new List<StoredChunk>();
        await foreach (var chunk in reopened.ReadResultsAsync("kept"))
        {
            results.Add(chunk);
        }

        Assert.Equal([0, 10, 20], results.Select(r => (int)r.Results.Span[0]));
    }
}
