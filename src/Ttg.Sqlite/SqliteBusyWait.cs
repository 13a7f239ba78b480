using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Ttg.Sqlite;

/// <summary>
/// Begins a transaction, waiting for another process's write transaction to end. SQLite's own busy handler sleeps
/// 1, 2, 5, 10, 15, 20, 25 ms ... between tries; TTG's write transactions last about a millisecond, so two workers
/// sharing a store spent most of their time asleep (two workers on chunks of one parameter were slower than one).
/// Here BEGIN is tried with no busy timeout, yielding the core between the first tries and then polling every
/// millisecond, within the same overall budget; statements inside the transaction keep the normal busy timeout.
/// </summary>
internal static class SqliteBusyWait
{
    private const int YieldingTries = 32;

    /// <summary>Runs BEGIN (IMMEDIATE unless <paramref name="deferred"/>) on the connection; throws SqliteException when it stays busy.</summary>
    public static void Begin(SqliteConnection connection, bool deferred, TimeSpan timeout)
    {
        var db = connection.Handle!;
        var sql = deferred ? "BEGIN DEFERRED;" : "BEGIN IMMEDIATE;";
        var started = Environment.TickCount64;
        raw.sqlite3_busy_timeout(db, 0);
        try
        {
            for (var tries = 0; ; tries++)
            {
                var rc = raw.sqlite3_exec(db, sql);
                if (rc == raw.SQLITE_OK)
                {
                    return;
                }

                if (rc != raw.SQLITE_BUSY || Environment.TickCount64 - started >= (long)timeout.TotalMilliseconds)
                {
                    SqliteException.ThrowExceptionForRC(rc, db);
                }

                if (tries < YieldingTries)
                {
                    Thread.Yield();
                }
                else
                {
                    Thread.Sleep(1);
                }
            }
        }
        finally
        {
            raw.sqlite3_busy_timeout(db, (int)Math.Min(int.MaxValue, (long)timeout.TotalMilliseconds));
        }
    }

    /// <summary>Runs COMMIT, or ROLLBACK; throws SqliteException on failure.</summary>
    public static void End(SqliteConnection connection, bool commit)
    {
        var db = connection.Handle!;
        var rc = raw.sqlite3_exec(db, commit ? "COMMIT;" : "ROLLBACK;");
        if (rc != raw.SQLITE_OK)
        {
            SqliteException.ThrowExceptionForRC(rc, db);
        }
    }
}
