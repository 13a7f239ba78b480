namespace Ttg.Testing;

/// <summary>
/// A Redis for tests that can share a server: the one whose URL is in <c>TTG_TEST_REDIS</c> when that is set (CI
/// starts one for the whole run), otherwise a private <see cref="RedisServerProcess"/>. Tests that kill or restart
/// Redis must start their own <see cref="RedisServerProcess"/> instead.
/// </summary>
public sealed class TestRedis : IAsyncDisposable
{
    /// <summary>The environment variable that names a running server to use, e.g. <c>redis://127.0.0.1:6379</c>.</summary>
    public const string UrlVariable = "TTG_TEST_REDIS";

    private TestRedis(string url, RedisServerProcess? server)
    {
        Url = url;
        Server = server;
    }

    /// <summary>The server's URL.</summary>
    public string Url { get; }

    /// <summary>The private server, or null when <c>TTG_TEST_REDIS</c> points elsewhere.</summary>
    public RedisServerProcess? Server { get; }

    /// <summary>Uses the server <c>TTG_TEST_REDIS</c> names, or starts a private one without persistence.</summary>
    public static async Task<TestRedis> StartAsync()
    {
        var external = Environment.GetEnvironmentVariable(UrlVariable);
        return string.IsNullOrWhiteSpace(external)
            ? await StartPrivateAsync()
            : new TestRedis(external, server: null);
    }

    /// <summary>Stops the private server; a shared one is left alone.</summary>
    public ValueTask DisposeAsync() => Server?.DisposeAsync() ?? ValueTask.CompletedTask;

    private static async Task<TestRedis> StartPrivateAsync()
    {
        var server = await RedisServerProcess.StartAsync();
        return new TestRedis(server.Url, server);
    }
}
