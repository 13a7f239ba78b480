using Microsoft.Data.Sqlite;

namespace Ttg.Sqlite;

/// <summary>
/// Sorts the store's errors into the two kinds a worker acts on: transient ones (wait and retry) and permanent
/// ones (this worker cannot use this store: hand work back and exit). Anything else is neither: a bug.
/// An I/O error counts as transient until it has repeated on <see cref="PersistentIoErrors"/> calls in a row
/// over at least <see cref="PersistentIoErrorSpan"/>: one failed write can pass, a failing disk does not.
/// <paramref name="ioErrorsLast"/>: every I/O error counts as lasting (a one-shot command's retries are behind it).
/// </summary>
internal sealed class SqliteFaults(string path, TimeProvider time, bool ioErrorsLast = false)
{
    public const int Busy = 5;
    public const int Locked = 6;
    public const int ReadOnly = 8;
    public const int IoError = 10;
    public const int Corrupt = 11;
    public const int Full = 13;
    public const int CantOpen = 14;
    public const int NotADatabase = 26;
    private const int Permission = 3;

    private const int PersistentIoErrors = 3;
    private static readonly TimeSpan PersistentIoErrorSpan = TimeSpan.FromSeconds(10);

    private int _ioErrorStreak;
    private DateTimeOffset _ioErrorsSince;

    /// <summary>Notes the outcome of one store call, so a repeating I/O error can be told from a passing one.</summary>
    public void Observe(SqliteException? error)
    {
        if (error is null || Code(error) != IoError)
        {
            _ioErrorStreak = 0;
            return;
        }

        if (_ioErrorStreak++ == 0)
        {
            _ioErrorsSince = time.GetUtcNow();
        }
    }

    public bool IsTransient(Exception exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (current is TimeoutException
                || (current is SqliteException sqlite && Code(sqlite) is Busy or Locked or IoError && Describe(sqlite) is null))
            {
                return true;
            }
        }

        return false;
    }

    public string? DescribePermanentFault(Exception exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (current is SqliteException sqlite && Describe(sqlite) is { } reason)
            {
                return reason;
            }
        }

        return null;
    }

    /// <summary>The user's line for a permanent error, or null when the error may pass or is a bug.</summary>
    public string? Describe(SqliteException error) => Code(error) switch
    {
        Full => $"the disk holding the store {path} is full; free disk space, then start again",
        ReadOnly => $"the store {path} cannot be written (read-only); make the file and its directory writable, then start again",
        Corrupt or NotADatabase => $"the store {path} is damaged (not a valid database any more); restore it from a backup, or move it aside and start a new store (`sqlite3 FILE .recover` may salvage its rows)",
        Permission or CantOpen => $"the store {path} cannot be accessed; check the file's and its directory's permissions, then start again",
        IoError when ioErrorsLast => $"the store {path} cannot be read or written (an I/O error); check the disk under it, then start again",
        IoError when IoErrorPersists() => $"the store {path} keeps failing with I/O errors ({_ioErrorStreak} in a row); check the disk under it, then start again",
        _ => null,
    };

    /// <summary>
    /// The user's line for a SQLite error that escaped a command, or null when <paramref name="exception"/> is none.
    /// Only the error itself counts, not one wrapped: the store's own exceptions that carry one already say more
    /// (opening a file that is not a store, say). An error with no advice of its own (a bug, a lock held past every
    /// retry) still names the store and SQLite's code, never only the driver's text.
    /// </summary>
    public static string? DescribeEscaped(Exception exception, string path)
    {
        if (exception is not SqliteException sqlite)
        {
            return null;
        }

        var reason = new SqliteFaults(path, TimeProvider.System, ioErrorsLast: true).Describe(sqlite) ?? $"the store {path} cannot be used";
        return $"{char.ToUpperInvariant(reason[0])}{reason[1..]} (SQLite error {sqlite.SqliteErrorCode}).";
    }

    private bool IoErrorPersists() =>
        _ioErrorStreak >= PersistentIoErrors && time.GetUtcNow() - _ioErrorsSince >= PersistentIoErrorSpan;

    // The primary result code: the low byte of an extended one.
    private static int Code(SqliteException error) => error.SqliteErrorCode & 0xFF;
}
