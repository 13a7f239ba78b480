using Ttg.Conformance;
using Ttg.Testing;
using Ttg.WorkQueue;

namespace Ttg.Redis.Tests;

/// <summary>
/// The shared work-queue behaviour against a real three-master Redis Cluster: every script touches one job's keys,
/// which share a hash tag, so jobs spread over nodes and nothing crosses a slot.
/// </summary>
public sealed class RedisClusterConformanceTests(RedisClusterConformanceTests.Cluster cluster) : WorkQueueConformance, IClassFixture<RedisClusterConformanceTests.Cluster>
{
    protected override Task<ITtgBackend> CreateBackendAsync() => RedisBackend.ConnectAsync(cluster.Options);

    protected override Task<ITtgBackend> OpenSecondClientAsync() => RedisBackend.ConnectAsync(cluster.Options);

    /// <summary>One private cluster for the class.</summary>
    public sealed class Cluster : IAsyncLifetime
    {
        private RedisClusterProcess? _cluster;

        public RedisBackendOptions Options { get; private set; } = new();

        public async Task InitializeAsync()
        {
            _cluster = await RedisClusterProcess.StartAsync();
            Options = new RedisBackendOptions { Url = _cluster.Url, KeyPrefix = "cluster-" + Guid.NewGuid().ToString("N")[..8] };
        }

        public async Task DisposeAsync()
        {
            if (_cluster is not null)
            {
                await _cluster.DisposeAsync();
            }
        }
    }
}
