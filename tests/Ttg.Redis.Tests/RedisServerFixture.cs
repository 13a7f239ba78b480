using Ttg.Testing;

namespace Ttg.Redis.Tests;

/// <summary>
/// One Redis server for a test class: the URL in TTG_TEST_REDIS when set, otherwise a redis-server started on
/// a free loopback port and stopped when the class is done.
/// </summary>
public sealed class RedisServerFixture : IAsyncLifetime
{
    private TestRedis? _redis;

    public string Url => _redis?.Url ?? "";

    /// <summary>The started server, or null when TTG_TEST_REDIS points elsewhere.</summary>
    public RedisServerProcess? Server => _redis?.Server;

    public async Task InitializeAsync() => _redis = await TestRedis.StartAsync();

    public async Task DisposeAsync()
    {
        if (_redis is not null)
        {
            await _redis.DisposeAsync();
        }
    }

    /// <summary>Options with a key prefix no other test class uses.</summary>
    public RedisBackendOptions Options(string testClass) => new()
    {
        Url = Url,
        KeyPrefix = "t-" + testClass + "-" + Guid.NewGuid().ToString("N")[..8],
    };
}
