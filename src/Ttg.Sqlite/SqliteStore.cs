using System.Globalization;
using System.Runtime.InteropServices;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Ttg.WorkQueue;

namespace Ttg.Sqlite;

/// <summary>
/// The embedded backend. Each instance owns one connection, used by one operation at a time; every state
/// change is one IMMEDIATE transaction, so a process killed at any moment leaves the store consistent, and
/// processes sharing the file serialise on SQLite's write lock. Prepared commands are cached per SQL text.
/// </summary>
internal sealed partial class SqliteStore : ITtgBackend
{
    private const int StatePending = 0;
    private const int StateLeased = 1;
    private const int StateCompleted = 2;
    private const int StateSplit = 3;
    private const int StateRunning = 0;
    private const int StateJobCompleted = 1;
    private const int StateJobCancelled = 2;
    private const int StateJobPaused = 3;

    // Chunks handed back (released, or freed from a dead worker) sort before the never-leased backlog (due 0).
    private const long HandedBackDue = -1;

    private readonly SqliteConnection _connection;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Dictionary<string, SqliteCommand> _commands = new(StringComparer.Ordinal);
    private readonly TimeSpan _busyTimeout;
    private readonly SqliteFaults _faults;
    private bool _disposed;

    public SqliteStore(SqliteConnection connection, string path, TimeSpan busyTimeout, TimeProvider time, ILogger logger)
    {
        _connection = connection;
        _busyTimeout = busyTimeout;
        _time = time;
        _logger = logger;
        Description = $"sqlite:{path}";
        _faults = new SqliteFaults(path, time);
    }

    public string Description { get; }

    /// <summary>
    /// Busy and locked files (another process's long transaction outlasted the busy timeout) and a passing I/O
    /// error are transient; see <see cref="SqliteFaults"/>.
    /// </summary>
    public bool IsTransient(Exception exception) => _faults.IsTransient(exception);

    /// <summary>A full disk, a read-only, damaged or inaccessible file, or an I/O error that keeps repeating.</summary>
    public string? DescribePermanentFault(Exception exception) => _faults.DescribePermanentFault(exception);

    public async ValueTask DisposeAsync()
    {
        await _gate.WaitAsync();
        try
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            foreach (var command in _commands.Values)
            {
                command.Dispose();
            }

            _commands.Clear();
            _connection.Dispose();
        }
        finally
        {
            _gate.Release();
        }
    }

    private long NowMs => _time.GetUtcNow().ToUnixTimeMilliseconds();

    /// <summary>Runs <paramref name="body"/> in one write transaction, holding the instance's connection.</summary>
    private Task<T> WriteAsync<T>(Func<T> body, CancellationToken cancellationToken) => RunAsync(body, deferred: false, cancellationToken);

    /// <summary>Runs <paramref name="body"/> in one read transaction, so it sees a single snapshot.</summary>
    private Task<T> ReadAsync<T>(Func<T> body, CancellationToken cancellationToken) => RunAsync(body, deferred: true, cancellationToken);

    private async Task<T> RunAsync<T>(Func<T> body, bool deferred, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);

            // BEGIN and COMMIT go straight to SQLite so that waiting for the write lock polls (see SqliteBusyWait);
            // the commands then run outside any ADO.NET transaction object, inside this SQL transaction.
            SqliteBusyWait.Begin(_connection, deferred, _busyTimeout);
            T result;
            try
            {
                result = body();
            }
            catch
            {
                if (!_connection.Handle!.IsInvalid && SQLitePCL.raw.sqlite3_get_autocommit(_connection.Handle) == 0)
                {
                    SqliteBusyWait.End(_connection, commit: false);
                }

                throw;
            }

            SqliteBusyWait.End(_connection, commit: true);
            _faults.Observe(null);
            return result;
        }
        catch (SqliteException exception)
        {
            _faults.Observe(exception);
            if (exception.SqliteErrorCode is SqliteFaults.Busy or SqliteFaults.Locked)
            {
                throw new BackendException($"The store {Description} stayed locked by another process past the busy timeout; stop that process or raise the busy timeout.", exception);
            }

            if (_faults.Describe(exception) is { } reason)
            {
                throw new BackendException(char.ToUpperInvariant(reason[0]) + reason[1..] + ".", exception);
            }

            throw;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>The cached command for <paramref name="sql"/>, bound to the current transaction.</summary>
    private SqliteCommand Command(string sql)
    {
        if (!_commands.TryGetValue(sql, out var command))
        {
            command = _connection.CreateCommand();
            command.CommandText = sql;
            _commands[sql] = command;
        }

        return command;
    }

    private static SqliteCommand Bind(SqliteCommand command, string name, object? value)
    {
        var index = command.Parameters.IndexOf(name);
        if (index < 0)
        {
            command.Parameters.Add(new SqliteParameter(name, value ?? DBNull.Value));
        }
        else
        {
            command.Parameters[index].Value = value ?? DBNull.Value;
        }

        return command;
    }

    private static byte[] ToArray(ReadOnlyMemory<byte> bytes) =>
        MemoryMarshal.TryGetArray(bytes, out var segment) && segment.Offset == 0 && segment.Count == segment.Array!.Length
            ? segment.Array
            : bytes.ToArray();

    private static string FormatToken(long token) => token.ToString("x16", CultureInfo.InvariantCulture);

    private static bool TryParseToken(string token, out long value) =>
        long.TryParse(token, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out value);

    private static bool TryParseChunkId(string chunkId, out long value) =>
        long.TryParse(chunkId, NumberStyles.None, CultureInfo.InvariantCulture, out value);

    /// <summary>Moves chunks between the job's per-state counts, in the transaction that moved the chunks.</summary>
    private void Shift(long seq, long pending = 0, long leased = 0, long reclaimed = 0)
    {
        var shift = Command("""
            UPDATE jobs SET pending_chunks = pending_chunks + $pending, leased_chunks = leased_chunks + $leased, reclaimed = reclaimed + $reclaimed
            WHERE seq = $seq;
            """);
        Bind(shift, "$pending", pending);
        Bind(shift, "$leased", leased);
        Bind(shift, "$reclaimed", reclaimed);
        Bind(shift, "$seq", seq).ExecuteNonQuery();
    }

    /// <summary>The job's row key and state, or null when unknown.</summary>
    private (long Seq, int State, long LeaseMs)? FindJob(string jobId)
    {
        using var reader = Bind(Command("SELECT seq, state, lease_ms FROM jobs WHERE job_id = $job;"), "$job", jobId).ExecuteReader();
        return reader.Read() ? (reader.GetInt64(0), reader.GetInt32(1), reader.GetInt64(2)) : null;
    }
}
