using System.Diagnostics;
using StackExchange.Redis;
using Ttg.Testing;
using Ttg.WorkQueue;

namespace Ttg.Redis.Tests;

/// <summary>Connecting, and riding out a server that dies and comes back.</summary>
public sealed class RedisConnectionTests
{
    [Fact]
    public async Task Connect_Throws_BackendException_WhenNobodyListens()
    {
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();

        var error = await Assert.ThrowsAsync<BackendException>(() => RedisBackend.ConnectAsync(
            new RedisBackendOptions { Url = $"redis://127.0.0.1:{port}", ConnectTimeout = TimeSpan.FromSeconds(1) }));
        Assert.StartsWith($"cannot reach Redis at 127.0.0.1:{port}", error.Message, StringComparison.Ordinal);
        Assert.Contains("start redis-server or pass --redis URL", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Backend_KeepsWorking_AfterRedisIsKilledAndRestarted_WithNothingLostOrDoubled()
    {
        await using var server = await RedisServerProcess.StartAsync(durable: true);
        var options = new RedisBackendOptions { Url = server.Url, KeyPrefix = "restart", CommandTimeout = TimeSpan.FromSeconds(2) };
        await using var backend = await RedisBackend.ConnectAsync(options);
        await backend.SubmitAsync(TestJobs.Submission("restart", total: 20, chunkSize: 1));
        var before = await backend.LeaseAsync(TestJobs.Request("w", max: 10, jobId: "restart"));
        var outcomes = await backend.CompleteManyAsync([.. before.Take(5).Select(l => new ChunkCompletionRequest(l, TestJobs.Results(l)))]);
        Assert.All(outcomes, o => Assert.Equal(LeaseOutcome.Accepted, o));

        await server.KillAndRestartAsync();

        // Calls fail while the client notices and reconnects; a worker retries transient failures like this.
        var progress = await RetryTransientAsync(() => backend.GetProgressAsync("restart"));
        Assert.Equal(5, progress!.Succeeded);
        Assert.Equal(5, progress.LeasedChunks);
        Assert.Equal(10, progress.PendingChunks);

        // The five completed before the crash stay completed: completing them again is rejected.
        Assert.All(await backend.CompleteManyAsync([.. before.Take(5).Select(l => new ChunkCompletionRequest(l, TestJobs.Results(l)))]),
            o => Assert.Equal(LeaseOutcome.LeaseLost, o));
        // Leases taken before the crash survive it, and scripts are reloaded after the restart emptied the cache.
        Assert.All(await backend.CompleteManyAsync([.. before.Skip(5).Select(l => new ChunkCompletionRequest(l, TestJobs.Results(l)))]),
            o => Assert.Equal(LeaseOutcome.Accepted, o));
        var rest = await backend.LeaseAsync(TestJobs.Request("w", max: 20, jobId: "restart"));
        Assert.Equal(10, rest.Count);
        await backend.CompleteManyAsync([.. rest.Select(l => new ChunkCompletionRequest(l, TestJobs.Results(l)))]);

        var done = await backend.GetProgressAsync("restart");
        Assert.Equal(JobState.Completed, done!.Job.State);
        Assert.Equal(20, done.Succeeded);
        var stored = await backend.ReadResultsAsync("restart").ToListAsync();
        Assert.Equal(Enumerable.Range(0, 20).Select(i => (long)i), stored.Select(s => s.Start));
    }

    [Fact]
    public async Task Scripts_AreReloaded_AfterTheServerScriptCacheIsFlushed()
    {
        await using var server = await RedisServerProcess.StartAsync();
        var options = new RedisBackendOptions { Url = server.Url, KeyPrefix = "noscript" };
        await using var backend = await RedisBackend.ConnectAsync(options);
        await backend.SubmitAsync(TestJobs.Submission("noscript", total: 2, chunkSize: 1));
        var first = Assert.Single(await backend.LeaseAsync(TestJobs.Request("w", jobId: "noscript")));
        Assert.Equal(LeaseOutcome.Accepted, await backend.CompleteAsync(first, TestJobs.Results(first)));

        await using (var raw = await ConnectionMultiplexer.ConnectAsync(RedisUrl.Parse(server.Url)))
        {
            await raw.GetDatabase().ExecuteAsync("SCRIPT", "FLUSH");
        }

        var second = Assert.Single(await backend.LeaseAsync(TestJobs.Request("w", jobId: "noscript")));
        Assert.Equal(LeaseOutcome.Accepted, await backend.CompleteAsync(second, TestJobs.Results(second)));
        Assert.Equal(JobState.Completed, (await backend.GetJobAsync("noscript"))!.State);
    }

    private static async Task<T> RetryTransientAsync<T>(Func<Task<T>> call)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                return await call();
            }
            catch (Exception ex) when (RedisBackend.IsTransient(ex) && clock.Elapsed < TimeSpan.FromSeconds(30))
            {
                await Task.Delay(100);
            }
        }
    }
}
