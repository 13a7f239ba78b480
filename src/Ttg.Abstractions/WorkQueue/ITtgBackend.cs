namespace Ttg.WorkQueue;

/// <summary>A storage backend: a work queue and a job store over the same data, so completion is atomic.</summary>
public interface ITtgBackend : IWorkQueue, IJobStore, IAsyncDisposable
{
    /// <summary>A short description for logs, such as <c>sqlite:./ttg.db</c> or <c>redis:host:6379</c>.</summary>
    string Description { get; }

    /// <summary>
    /// True when <paramref name="exception"/>, thrown by one of this backend's calls, is a passing outage (a
    /// server restarting, a dropped connection, a file locked for a moment): the caller backs off and retries
    /// instead of failing. Bugs, bad input and permanent conditions (a read-only file) are not transient.
    /// </summary>
    bool IsTransient(Exception exception);

    /// <summary>
    /// A one-line reason for a user when <paramref name="exception"/>, thrown by one of this backend's calls,
    /// means this worker cannot use the store now and waiting will not help (disk full, read-only or corrupt
    /// file, password refused); null otherwise. An exception is transient (<see cref="IsTransient"/>), permanent
    /// (this), or neither (a bug), never both.
    /// </summary>
    string? DescribePermanentFault(Exception exception);
}
