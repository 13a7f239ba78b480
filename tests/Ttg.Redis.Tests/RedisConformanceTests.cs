using Ttg.Conformance;
using Ttg.WorkQueue;

namespace Ttg.Redis.Tests;

/// <summary>The shared work-queue behaviour, against a real redis-server.</summary>
public sealed class RedisConformanceTests(RedisConformanceTests.Server server) : WorkQueueConformance, IClassFixture<RedisConformanceTests.Server>
{
    protected override Task<ITtgBackend> CreateBackendAsync() => RedisBackend.ConnectAsync(server.Options);

    protected override Task<ITtgBackend> OpenSecondClientAsync() => RedisBackend.ConnectAsync(server.Options);

    /// <summary>One server and one key prefix for the class; the suite keeps tests apart by job and worker ids.</summary>
    public sealed class Server : IAsyncLifetime
    {
        private readonly RedisServerFixture _fixture = new();

        public RedisBackendOptions Options { get; private set; } = new();

        public async Task InitializeAsync()
        {
            await _fixture.InitializeAsync();
            Options = _fixture.Options(nameof(RedisConformanceTests));
        }

        public Task DisposeAsync() => _fixture.DisposeAsync();
    }
}
