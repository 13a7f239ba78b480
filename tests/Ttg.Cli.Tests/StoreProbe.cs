using Ttg.Sqlite;
using Ttg.WorkQueue;

namespace Ttg.Cli.Tests;

/// <summary>Reads a SQLite store directly, the way a second process would, to check what the ttg processes did.</summary>
internal static class StoreProbe
{
    public static async Task<JobProgress> ProgressAsync(string store, string jobId)
    {
        await using var backend = await SqliteBackend.OpenAsync(new SqliteBackendOptions { Path = store });
        return await backend.GetProgressAsync(jobId) ?? throw new InvalidOperationException($"no job {jobId}");
    }

    /// <summary>Polls until <paramref name="condition"/> holds or the deadline passes.</summary>
    public static async Task<JobProgress> WaitForAsync(string store, string jobId, Func<JobProgress, bool> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var progress = await ProgressAsync(store, jobId);
            if (condition(progress))
            {
                return progress;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"condition not reached within {timeout}; last progress: done {progress.Done}, leased {progress.LeasedChunks}, pending {progress.PendingChunks}");
            }

            await Task.Delay(50);
        }
    }
}
