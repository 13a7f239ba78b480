namespace Ttg.Redis.Tests;

/// <summary>
/// One Redis server for a test class: the URL in TTG_TEST_REDIS when set, otherwise a redis-server started on
/// a free loopback port and stopped when the class is done.
/// </summary>
public sealed class RedisServerFixture : IAsyncLifetime
{
    private RedisServerProcess? _server;

    public string Url { get; private set; } = "";

    /// <summary>The started server, or null when TTG_TEST_REDIS points elsewhere.</summary>
    public RedisServerProcess? Server => _server;

    public async Task InitializeAsync()
    {
        var external = Environment.GetEnvironmentVariable("TTG_TEST_REDIS");
        if (!string.IsNullOrWhiteSpace(external))
        {
            Url = external;
            return;
        }

        _server = await RedisServerProcess.StartAsync();
        Url = _server.Url;
    }

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    /// <summary>Options with a key prefix no other test class uses.</summary>
    public RedisBackendOptions Options(string testClass) => new()
    {
        Url = Url,
        KeyPrefix = "t-" + testClass + "-" + Guid.NewGuid().ToString("N")[..8],
    };
}
