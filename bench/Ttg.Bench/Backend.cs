using Ttg.Testing;

namespace Ttg.Bench;

/// <summary>Where a measured job lives: a fresh SQLite file, or a fresh private redis-server.</summary>
internal sealed class Backend : IAsyncDisposable
{
    private Backend(string name, IReadOnlyList<string> arguments, RedisServerProcess? redis)
    {
        Name = name;
        Arguments = arguments;
        Redis = redis;
    }

    public string Name { get; }

    public IReadOnlyList<string> Arguments { get; }

    public RedisServerProcess? Redis { get; }

    public static async Task<Backend> CreateAsync(string kind, string workDirectory)
    {
        if (kind == "redis")
        {
            var redis = await RedisServerProcess.StartAsync();
            return new Backend("Redis", ["--redis", redis.Url], redis);
        }

        var path = Path.Combine(workDirectory, $"store-{Guid.NewGuid():N}.db");
        return new Backend("SQLite", ["--store", path], null);
    }

    public async ValueTask DisposeAsync()
    {
        if (Redis is not null)
        {
            await Redis.DisposeAsync();
        }
        else
        {
            foreach (var suffix in new[] { "", "-wal", "-shm" })
            {
                File.Delete(Arguments[1] + suffix);
            }
        }
    }
}
