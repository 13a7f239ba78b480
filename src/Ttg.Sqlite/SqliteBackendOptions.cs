namespace Ttg.Sqlite;

/// <summary>Where the embedded store lives and how long it waits for other processes.</summary>
public sealed class SqliteBackendOptions
{
    /// <summary>The store file; created (with its schema) when missing, but its directory must exist. Default: <c>ttg.db</c>.</summary>
    public string Path { get; set; } = "ttg.db";

    /// <summary>
    /// How long an operation waits for another process's write to finish before the store counts as locked.
    /// Default: 30 seconds.
    /// </summary>
    public TimeSpan BusyTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Throws when an option is out of range.</summary>
    /// <exception cref="ArgumentException">The path is empty or the timeout is not positive.</exception>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Path))
        {
            throw new ArgumentException("The store path is empty; give a file path such as ttg.db.", nameof(Path));
        }

        if (BusyTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentException($"The busy timeout must be positive; it is {BusyTimeout}.", nameof(BusyTimeout));
        }
    }
}
