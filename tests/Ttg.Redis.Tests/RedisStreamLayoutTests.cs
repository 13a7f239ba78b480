using StackExchange.Redis;
using Ttg.WorkQueue;

namespace Ttg.Redis.Tests;

/// <summary>What operators and autoscalers see in Redis itself: streams, groups, slots, memory.</summary>
public sealed class RedisStreamLayoutTests(RedisServerFixture redis) : IClassFixture<RedisServerFixture>, IAsyncLifetime
{
    private RedisBackendOptions _options = null!;
    private ITtgBackend _backend = null!;
    private ConnectionMultiplexer _raw = null!;

    public async Task InitializeAsync()
    {
        _options = redis.Options(nameof(RedisStreamLayoutTests));
        _backend = await RedisBackend.ConnectAsync(_options);
        _raw = await ConnectionMultiplexer.ConnectAsync(RedisUrl.Parse(redis.Url));
    }

    public async Task DisposeAsync()
    {
        await _backend.DisposeAsync();
        await _raw.DisposeAsync();
    }

    [Fact]
    public async Task ASubmissionUnderTheIdOfAJobWhoseMetaExpired_StartsFromNoneOfItsOtherKeys()
    {
        // A job whose meta hash expired (or a delete cut short) can leave any of its other keys behind.
        var keys = new JobKeys(_options.KeyPrefix, "reused");
        var db = _raw.GetDatabase();
        foreach (var key in keys.All.Skip(1))
        {
            await db.StringSetAsync(key, "left over");
        }

        await _backend.SubmitAsync(TestJobs.Submission("reused", total: 4, chunkSize: 1));

        foreach (var key in keys.All.Skip(1))
        {
            Assert.NotEqual(RedisType.String, await db.KeyTypeAsync(key));
        }

        Assert.Equal(4, (await _backend.LeaseAsync(TestJobs.Request("w", max: 10, jobId: "reused"))).Count);
    }

    [Fact]
    public async Task XinfoGroups_ShowsPendingAndLag_AsAutoscalersReadThem()
    {
        await _backend.SubmitAsync(TestJobs.Submission("xinfo", total: 10, chunkSize: 1));
        var stream = new JobKeys(_options.KeyPrefix, "xinfo").Stream;
        var group = Assert.Single(await _raw.GetDatabase().StreamGroupInfoAsync(stream));
        Assert.Equal(JobKeys.Group, group.Name);
        Assert.Equal(0, group.PendingMessageCount);
        Assert.Equal(10, group.Lag);

        var leases = await _backend.LeaseAsync(TestJobs.Request("w", max: 4, jobId: "xinfo"));
        await _backend.CompleteAsync(leases[0], TestJobs.Results(leases[0]));
        await _backend.RetryAsync(leases[1], TimeSpan.FromMinutes(5));
        group = Assert.Single(await _raw.GetDatabase().StreamGroupInfoAsync(stream));
        Assert.Equal(3, group.PendingMessageCount); // two leased, one waiting out its retry delay
        Assert.Equal(6, group.Lag);
        Assert.Equal(9, await _raw.GetDatabase().StreamLengthAsync(stream)); // acknowledged entries are deleted
    }

    [Fact]
    public async Task KeysOfAJob_ShareOneHashSlot_AndJobsSpreadOverSlots()
    {
        var slots = new HashSet<int>();
        foreach (var jobId in new[] { "slot-a", "slot-b", "slot-c" })
        {
            await _backend.SubmitAsync(TestJobs.Submission(jobId, total: 2, chunkSize: 1));
            var lease = (await _backend.LeaseAsync(TestJobs.Request("w", max: 2, jobId: jobId)))[0];
            await _backend.CompleteAsync(lease, TestJobs.Results(lease));
            // Every primary: on a cluster (TTG_TEST_REDIS may name one) the job's keys live on the node owning its slot.
            var keys = _raw.GetServers().Where(s => !s.IsReplica).SelectMany(s => s.Keys(pattern: "{" + _options.KeyPrefix + ":" + jobId + "}:*")).ToList();
            Assert.True(keys.Count >= 6, $"expected the job's keys, found {keys.Count}");
            Assert.Single(keys.Select(k => ClusterSlot.Of(k!)).Distinct());
            slots.Add(ClusterSlot.Of(keys[0]!));
        }

        Assert.True(slots.Count > 1);
        Assert.Equal(12182, ClusterSlot.Of("foo")); // the value CLUSTER KEYSLOT foo gives
    }

    [Fact]
    public async Task StoredNumericResults_TakeAtMost16BytesPerParameter()
    {
        const int chunkSize = 10_000;
        const long total = 100L * chunkSize;
        await _backend.SubmitAsync(TestJobs.Submission("memory", total, chunkSize));
        var blob = new byte[chunkSize * sizeof(double)];
        Random.Shared.NextBytes(blob);
        while (true)
        {
            var leases = await _backend.LeaseAsync(TestJobs.Request("w", max: 50, jobId: "memory"));
            if (leases.Count == 0)
            {
                break;
            }

            await _backend.CompleteManyAsync([.. leases.Select(l => new ChunkCompletionRequest(l, new ChunkCompletion(blob, chunkSize, 0)))]);
        }

        Assert.Equal(JobState.Completed, (await _backend.GetJobAsync("memory"))!.State);
        var keys = new JobKeys(_options.KeyPrefix, "memory");
        var bytes = (long)await _raw.GetDatabase().ExecuteAsync("MEMORY", "USAGE", (string)keys.Results!, "SAMPLES", "0");
        var index = (long)await _raw.GetDatabase().ExecuteAsync("MEMORY", "USAGE", (string)keys.Index!, "SAMPLES", "0");
        var perParameter = (double)(bytes + index) / total;
        Assert.True(perParameter <= 16, $"{perParameter:F2} bytes per stored result");
    }

    [Fact]
    public async Task CompletedJobTtl_ExpiresEveryKeyOfAFinishedJob()
    {
        var options = redis.Options("ttl");
        options.CompletedJobTtl = TimeSpan.FromMinutes(10);
        await using var backend = await RedisBackend.ConnectAsync(options);
        await backend.SubmitAsync(TestJobs.Submission("ttl", total: 2, chunkSize: 1));
        var leases = await backend.LeaseAsync(TestJobs.Request("w", max: 2, jobId: "ttl"));
        await backend.CompleteAsync(leases[0], TestJobs.Results(leases[0]));
        var meta = new JobKeys(options.KeyPrefix, "ttl").Meta;
        Assert.Null(await _raw.GetDatabase().KeyTimeToLiveAsync(meta));

        await backend.CompleteAsync(leases[1], TestJobs.Results(leases[1]));
        var keys = _raw.GetServers()[0].Keys(pattern: "{" + options.KeyPrefix + ":ttl}:*").ToList();
        Assert.NotEmpty(keys);
        foreach (var key in keys)
        {
            var ttl = await _raw.GetDatabase().KeyTimeToLiveAsync(key);
            Assert.True(ttl is { TotalMinutes: > 9 and <= 10 }, $"{key} ttl {ttl}");
        }
    }
}
