using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Ttg.WorkQueue;

namespace Ttg.Sqlite.Tests;

/// <summary>A writer process killed (SIGKILL) mid-run leaves a consistent store that another process can finish.</summary>
public sealed class DurabilityTests : IClassFixture<TempStore>
{
    // Enough that the writer cannot finish before the kill (300 ms at most) on a fast, idle machine: it writes
    // about 40,000 chunks/s here, and with 20,000 it sometimes finished first.
    private const int ChunkCount = 100_000;

    // The writer exits at once when killed or done; one that does not within this fails the test instead of holding the run.
    private static readonly TimeSpan ExitLimit = TimeSpan.FromMinutes(1);

    private readonly TempStore _temp;

    public DurabilityTests(TempStore temp)
    {
        _temp = temp;
    }

    [Fact]
    public async Task Store_StaysConsistent_WhenAWriterProcessIsKilledMidRun()
    {
        var path = _temp.PathOf("killed.db");
        var killedWorkers = new List<string>();
        for (var round = 0; round < 2; round++)
        {
            killedWorkers.Add(await RunAndKillWriterAsync(path, killAfter: TimeSpan.FromMilliseconds(Random.Shared.Next(20, 300))));
            Assert.Equal("ok", IntegrityCheck(path));
            await using var backend = await SqliteBackend.OpenAsync(new SqliteBackendOptions { Path = path });
            await AssertConsistentAsync(backend);
        }

        await using (var backend = await SqliteBackend.OpenAsync(new SqliteBackendOptions { Path = path }))
        {
            foreach (var worker in killedWorkers)
            {
                await backend.ReleaseWorkerAsync(worker);
            }

            await DrainAsync(backend);
            var progress = await backend.GetProgressAsync("killed");
            Assert.Equal(JobState.Completed, progress?.Job.State);
            Assert.Equal(ChunkCount, progress?.Succeeded);
            var starts = await AssertConsistentAsync(backend);
            Assert.Equal(Enumerable.Range(0, ChunkCount).Select(i => (long)i), starts);
        }
    }

    private static async Task<string> RunAndKillWriterAsync(string path, TimeSpan killAfter)
    {
        var writer = Path.Combine(AppContext.BaseDirectory, "Ttg.Sqlite.Tests.Writer.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { writer, path, "killed", ChunkCount.ToString() })
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        try
        {
            var first = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30));
            if (first is null)
            {
                // stderr is read while waiting, so a long error cannot fill its pipe and keep the writer from exiting.
                var error = process.StandardError.ReadToEndAsync();
                await WaitForExitAsync(process, "after closing its stdout");
                Assert.Fail($"The writer exited before completing anything, code {process.ExitCode}: {await error.WaitAsync(ExitLimit)}");
            }

            // Keep the pipe drained so the writer never blocks on output, and kill it at an arbitrary moment.
            var drain = process.StandardOutput.ReadToEndAsync();
            await Task.Delay(killAfter);
            Assert.False(process.HasExited, "The writer finished before it could be killed; give it more chunks.");
        }
        finally
        {
            // SIGKILL: no finally blocks, no dispose, no WAL checkpoint in the writer.
            process.Kill();
            await WaitForExitAsync(process, "after SIGKILL");
        }

        return $"writer-{process.Id}";
    }

    private static async Task WaitForExitAsync(Process process, string when)
    {
        using var limit = new CancellationTokenSource(ExitLimit);
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException) when (limit.IsCancellationRequested)
        {
            throw new TimeoutException($"The writer (pid {process.Id}) did not exit within {ExitLimit} {when}.");
        }
    }

    /// <summary>Checks that counts, chunk states and stored results agree; returns the stored starts.</summary>
    private static async Task<List<long>> AssertConsistentAsync(ITtgBackend backend)
    {
        var progress = await backend.GetProgressAsync("killed");
        Assert.NotNull(progress);
        var starts = new List<long>();
        await foreach (var chunk in backend.ReadResultsAsync("killed"))
        {
            Assert.Equal(chunk.Start, BitConverter.ToInt64(chunk.Results.Span));
            starts.Add(chunk.Start);
        }

        Assert.Equal(starts.Distinct().Count(), starts.Count);
        Assert.Equal(progress.CompletedChunks, starts.Count);
        Assert.Equal(progress.Succeeded, starts.Count);
        Assert.Equal(ChunkCount, progress.PendingChunks + progress.LeasedChunks + progress.CompletedChunks);
        Assert.Equal(progress.Succeeded, progress.ParametersByWorker.Values.Sum());
        return starts;
    }

    private static async Task DrainAsync(ITtgBackend backend)
    {
        while (await backend.LeaseAsync(new LeaseRequest("finisher", 500, ["writer"])) is { Count: > 0 } leases)
        {
            await backend.CompleteManyAsync(leases
                .Select(l => new ChunkCompletionRequest(l, new ChunkCompletion(BitConverter.GetBytes(l.Start), 1, 0)))
                .ToList());
        }
    }

    private static string IntegrityCheck(string path)
    {
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA integrity_check;";
        return (string)command.ExecuteScalar()!;
    }
}
