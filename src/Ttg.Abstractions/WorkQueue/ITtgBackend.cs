namespace Ttg.WorkQueue;

/// <summary>A storage backend: a work queue and a job store over the same data, so completion is atomic.</summary>
public interface ITtgBackend : IWorkQueue, IJobStore, IAsyncDisposable
{
    /// <summary>A short description for logs, such as <c>sqlite:./ttg.db</c> or <c>redis:host:6379</c>.</summary>
    string Description { get; }
}
