using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Ttg.WorkQueue;

namespace Ttg.Sqlite;

/// <summary>Opens the embedded SQLite backend: one file shared by every worker process on one machine.</summary>
public static class SqliteBackend
{
    /// <summary>
    /// Opens the store at <see cref="SqliteBackendOptions.Path"/>, creating it when the file does not exist.
    /// An existing file is validated before anything is written to it.
    /// </summary>
    /// <param name="options">Where the store is and how long to wait for locks.</param>
    /// <param name="timeProvider">The clock for leases and timestamps. Default: <see cref="TimeProvider.System"/>.</param>
    /// <param name="loggerFactory">Where to log. Default: no logging.</param>
    /// <param name="cancellationToken">Cancels the open.</param>
    /// <exception cref="BackendException">
    /// The file is not a TTG store, was written by a newer TTG, is read-only or locked, or its directory is missing.
    /// </exception>
    public static Task<ITtgBackend> OpenAsync(
        SqliteBackendOptions options,
        TimeProvider? timeProvider = null,
        ILoggerFactory? loggerFactory = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        cancellationToken.ThrowIfCancellationRequested();
        var logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger("Ttg.Sqlite");
        var store = SqliteStoreOpener.Open(options, timeProvider ?? TimeProvider.System, logger);
        return Task.FromResult<ITtgBackend>(store);
    }

    /// <summary>
    /// One line for a SQLite error that escaped a command on the store at <paramref name="path"/> (a full disk, a
    /// damaged file, an I/O error): what is wrong and what to do. Null when <paramref name="exception"/> is no SQLite error.
    /// </summary>
    public static string? DescribeFault(Exception exception, string path)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return SqliteFaults.DescribeEscaped(exception, path);
    }
}
