using Microsoft.Data.Sqlite;

namespace Ttg.Cli;

/// <summary>
/// SQLite errors that escape a store call after it was opened (a damaged file, a full disk): one line saying
/// what is wrong with the store and what to do, exit code 4, never the driver's exception text alone.
/// </summary>
internal static class StoreFaults
{
    private const int SqliteIoError = 10;
    private const int SqliteCorrupt = 11;
    private const int SqliteFull = 13;
    private const int SqliteNotADb = 26;

    /// <summary>The line for <paramref name="exception"/>, or null when it is not a store fault.</summary>
    public static string? Describe(Exception exception, string? store)
    {
        if (exception is not SqliteException sqlite)
        {
            return null;
        }

        var where = store is null ? "The SQLite store" : $"The SQLite store {store}";
        var reason = sqlite.SqliteErrorCode switch
        {
            SqliteCorrupt or SqliteNotADb => "is damaged (its pages do not read back as written); restore it from a backup, or move it aside and start a new store with --store NEW.db (`sqlite3 FILE .recover` may salvage its rows)",
            SqliteFull => "cannot grow: the disk is full; free space on its disk or pick a store on another disk",
            SqliteIoError => "cannot be read or written (an I/O error); check the disk and the file's permissions",
            _ => "cannot be used",
        };
        return $"{where} {reason} (SQLite error {sqlite.SqliteErrorCode}).";
    }
}
