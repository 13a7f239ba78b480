using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;
using Ttg.WorkQueue;

namespace Ttg.Sqlite.Tests;

/// <summary>
/// Which SQLite failures a worker rides out (transient: back off and retry), which mean it cannot use the store
/// (permanent: hand work back and exit), and which are neither (a bug). Never both.
/// </summary>
public sealed class TransientErrorTests(TempStore temp) : IClassFixture<TempStore>
{
    [Theory]
    [InlineData(5, "transient")] // SQLITE_BUSY: another process held the write lock past the busy timeout
    [InlineData(6, "transient")] // SQLITE_LOCKED
    [InlineData(10, "transient")] // SQLITE_IOERR, once
    [InlineData(13, "full")] // SQLITE_FULL: a worker fault; the worker exits
    [InlineData(8, "read-only")] // SQLITE_READONLY
    [InlineData(11, "damaged")] // SQLITE_CORRUPT
    [InlineData(26, "damaged")] // SQLITE_NOTADB
    [InlineData(19, "neither")] // SQLITE_CONSTRAINT: a bug
    public async Task SqliteErrors_AreTransientPermanentOrNeither(int code, string kind)
    {
        var path = temp.PathOf($"{Guid.NewGuid():N}.db");
        await using var backend = await SqliteBackend.OpenAsync(new SqliteBackendOptions { Path = path });

        foreach (var failure in new Exception[] { new SqliteException("failure", code), new BackendException("wrapped", new SqliteException("failure", code)) })
        {
            var reason = backend.DescribePermanentFault(failure);
            Assert.Equal(kind == "transient", backend.IsTransient(failure));
            if (kind is "transient" or "neither")
            {
                Assert.Null(reason);
            }
            else
            {
                Assert.Contains(kind, reason);
                Assert.Contains(path, reason);
            }
        }

        Assert.False(backend.IsTransient(new InvalidOperationException("a bug")));
        Assert.Null(backend.DescribePermanentFault(new InvalidOperationException("a bug")));
    }

    [Theory]
    [InlineData(13, "The disk holding the store /data/ttg.db is full")]
    [InlineData(10, "The store /data/ttg.db cannot be read or written (an I/O error)")] // once is enough: its command's retries are behind it
    [InlineData(11, "The store /data/ttg.db is damaged")]
    [InlineData(5, "The store /data/ttg.db cannot be used")] // a lock held past every retry: no advice of its own, still no driver text alone
    public void AnErrorThatEscapedACommand_IsOneLineNamingTheStoreAndSqlitesCode(int code, string start)
    {
        var line = SqliteBackend.DescribeFault(new SqliteException("failure", code), "/data/ttg.db");

        Assert.NotNull(line);
        Assert.StartsWith(start, line, StringComparison.Ordinal);
        Assert.EndsWith($"(SQLite error {code}).", line, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', line);
        Assert.Null(SqliteBackend.DescribeFault(new InvalidOperationException("a bug"), "/data/ttg.db"));
        // The store's own exception that carries one keeps its own, more specific line.
        Assert.Null(SqliteBackend.DescribeFault(new BackendException("Cannot open the store: not a TTG store", new SqliteException("failure", code)), "/data/ttg.db"));
    }

    [Fact]
    public async Task ARealFullDatabaseError_IsAPermanentFaultNamingTheFullDisk()
    {
        var path = temp.PathOf($"{Guid.NewGuid():N}.db");
        await using var backend = await SqliteBackend.OpenAsync(new SqliteBackendOptions { Path = path });
        using var connection = new SqliteConnection($"Data Source={temp.PathOf($"{Guid.NewGuid():N}.db")};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        // SQLite's own page limit stands in for the device filling up: the same SQLITE_FULL comes back.
        command.CommandText = "CREATE TABLE t(x BLOB);";
        command.ExecuteNonQuery();
        command.CommandText = "PRAGMA max_page_count = 3;";
        command.ExecuteScalar();
        command.CommandText = "INSERT INTO t VALUES (randomblob(100000));";

        var full = Assert.Throws<SqliteException>(() => command.ExecuteNonQuery());

        Assert.False(backend.IsTransient(full));
        Assert.Contains("is full; free disk space", backend.DescribePermanentFault(full));
    }

    [Fact]
    public void AnIoError_BecomesPermanent_OnlyOnceItHasRepeatedForTenSeconds()
    {
        var clock = new FakeTimeProvider();
        var faults = new SqliteFaults("/data/ttg.db", clock);
        var error = new SqliteException("disk I/O error", 10);

        for (var i = 0; i < 5; i++)
        {
            faults.Observe(error);
            clock.Advance(TimeSpan.FromSeconds(1));
        }

        Assert.True(faults.IsTransient(error));
        clock.Advance(TimeSpan.FromSeconds(6));
        faults.Observe(error);
        Assert.False(faults.IsTransient(error));
        Assert.Contains("keeps failing with I/O errors", faults.DescribePermanentFault(error));

        faults.Observe(null);
        Assert.True(faults.IsTransient(error));
        Assert.Null(faults.DescribePermanentFault(error));
    }
}
