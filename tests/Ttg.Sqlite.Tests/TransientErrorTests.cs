using Microsoft.Data.Sqlite;
using Ttg.WorkQueue;

namespace Ttg.Sqlite.Tests;

/// <summary>Which SQLite failures a worker rides out (backs off and retries) and which it reports.</summary>
public sealed class TransientErrorTests(TempStore temp) : IClassFixture<TempStore>
{
    [Theory]
    [InlineData(5, true)] // SQLITE_BUSY: another process held the write lock past the busy timeout
    [InlineData(6, true)] // SQLITE_LOCKED
    [InlineData(10, true)] // SQLITE_IOERR
    [InlineData(13, true)] // SQLITE_FULL: the disk can be freed
    [InlineData(8, false)] // SQLITE_READONLY: retrying cannot help
    [InlineData(11, false)] // SQLITE_CORRUPT
    [InlineData(19, false)] // SQLITE_CONSTRAINT: a bug
    public async Task SqliteErrors_AreTransientOnlyWhenTheyCanPass(int code, bool transient)
    {
        await using var backend = await SqliteBackend.OpenAsync(new SqliteBackendOptions { Path = temp.PathOf($"{Guid.NewGuid():N}.db") });

        Assert.Equal(transient, backend.IsTransient(new SqliteException("failure", code)));
        Assert.Equal(transient, backend.IsTransient(new BackendException("wrapped", new SqliteException("failure", code))));
        Assert.False(backend.IsTransient(new InvalidOperationException("a bug")));
    }
}
