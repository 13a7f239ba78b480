using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using SQLitePCL;
using Ttg.WorkQueue;

namespace Ttg.Sqlite;

/// <summary>
/// Opens, validates and (for a new or empty file) creates a store. Nothing is written to an existing file
/// until it has been recognised as a TTG store of a version this code understands.
/// </summary>
internal static class SqliteStoreOpener
{
    public static SqliteStore Open(SqliteBackendOptions options, TimeProvider timeProvider, ILogger logger)
    {
        var path = Path.GetFullPath(options.Path);
        var directory = Path.GetDirectoryName(path) ?? ".";
        if (Directory.Exists(path))
        {
            throw new BackendException($"Cannot open the store {path}: it is a directory; give a file path such as {Path.Combine(path, "ttg.db")}.");
        }

        if (!Directory.Exists(directory))
        {
            throw new BackendException($"Cannot open the store {path}: the directory {directory} does not exist; create it or choose another store path.");
        }

        var exists = File.Exists(path);
        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = exists ? SqliteOpenMode.ReadWrite : SqliteOpenMode.ReadWriteCreate,
            // One connection per backend lives as long as the backend; closing it for real (no pool) lets the
            // last process checkpoint the WAL and release the file.
            Pooling = false,
            DefaultTimeout = Math.Max(1, (int)Math.Ceiling(options.BusyTimeout.TotalSeconds)),
        };

        var connection = new SqliteConnection(builder.ToString());
        try
        {
            connection.Open();
            Execute(connection, $"PRAGMA busy_timeout = {(long)options.BusyTimeout.TotalMilliseconds};");
            var created = Prepare(connection, path);
            Execute(connection, "PRAGMA synchronous = NORMAL;");
            SqliteLog.Opened(logger, path, created);
            return new SqliteStore(connection, path, options.BusyTimeout, timeProvider, logger);
        }
        catch (SqliteException exception)
        {
            connection.Dispose();
            throw Describe(exception, path);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>Validates the file and creates the schema in an empty one; true when it created it.</summary>
    private static bool Prepare(SqliteConnection connection, string path)
    {
        if (raw.sqlite3_db_readonly(connection.Handle, "main") == 1)
        {
            throw ReadOnly(path);
        }

        // Reading first: a foreign file fails here (not a database) or below (no meta table) before any write.
        var tables = Scalar(connection, "SELECT count(*) FROM sqlite_master;");
        if (tables != 0)
        {
            Validate(connection, path);
            Execute(connection, "PRAGMA journal_mode = WAL;");
            // Fail now, not at the first lease, when another process holds the write lock for good.
            using var probe = connection.BeginTransaction(deferred: false);
            var version = Scalar(connection, "PRAGMA user_version;", probe);
            if (version < SqliteSchema.Version)
            {
                Execute(connection, SqliteSchema.MigrateFrom(version), probe);
                probe.Commit();
            }
            else
            {
                probe.Rollback();
            }

            return false;
        }

        Execute(connection, "PRAGMA journal_mode = WAL;");
        using var transaction = connection.BeginTransaction(deferred: false);
        // Another process may have created the schema between our check and our write lock.
        if (Scalar(connection, "SELECT count(*) FROM sqlite_master;", transaction) != 0)
        {
            transaction.Commit();
            Validate(connection, path);
            return false;
        }

        Execute(connection, SqliteSchema.Create, transaction);
        Execute(connection, $"INSERT INTO ttg_meta(key, value) VALUES ('magic', '{SqliteSchema.Magic}'), ('schema', '{SqliteSchema.Version}');", transaction);
        Execute(connection, $"PRAGMA user_version = {SqliteSchema.Version};", transaction);
        transaction.Commit();
        return true;
    }

    private static void Validate(SqliteConnection connection, string path)
    {
        var hasMeta = Scalar(connection, "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'ttg_meta';") == 1;
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT value FROM ttg_meta WHERE key = 'magic';";
        if (!hasMeta || command.ExecuteScalar() as string != SqliteSchema.Magic)
        {
            throw new BackendException($"Cannot open the store {path}: it is a SQLite database but not a TTG store; choose another store path (TTG creates a new file there).");
        }

        var version = Scalar(connection, "PRAGMA user_version;");
        if (version > SqliteSchema.Version)
        {
            throw new BackendException($"Cannot open the store {path}: it was written by a newer TTG (schema {version}, this TTG reads {SqliteSchema.Version}); upgrade TTG.");
        }

        if (version < 1)
        {
            throw new BackendException($"Cannot open the store {path}: its schema version {version} is unknown; choose another store path.");
        }
    }

    private static BackendException Describe(SqliteException exception, string path) => exception.SqliteErrorCode switch
    {
        SqliteFaults.NotADatabase => new BackendException($"Cannot open the store {path}: the file is not a TTG store (not a SQLite database); choose another store path.", exception),
        SqliteFaults.Busy or SqliteFaults.Locked => new BackendException($"Cannot open the store {path}: it is locked by another process; stop that process or wait, or raise the busy timeout.", exception),
        SqliteFaults.ReadOnly => ReadOnly(path, exception),
        SqliteFaults.CantOpen => new BackendException($"Cannot open the store {path}: the file or its directory is not accessible; check the path and its permissions.", exception),
        _ => new BackendException($"Cannot open the store {path}: {exception.Message}", exception),
    };

    private static BackendException ReadOnly(string path, Exception? inner = null)
    {
        var message = $"Cannot open the store {path}: it is read-only; make the file and its directory writable, or copy it to a writable place.";
        return inner is null ? new BackendException(message) : new BackendException(message, inner);
    }

    private static void Execute(SqliteConnection connection, string sql, SqliteTransaction? transaction = null)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        command.ExecuteNonQuery();
    }

    private static long Scalar(SqliteConnection connection, string sql, SqliteTransaction? transaction = null)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
