using Ttg.Redis;
using Ttg.WorkQueue;

namespace Ttg.Cli.Options;

/// <summary>
/// The backend a command will use: a SQLite path or a Redis URL, and the flags that pass it on to workers.
/// <see cref="PasswordSource"/> names where a Redis password came from, so a refused one can say which setting to fix.
/// </summary>
internal sealed record BackendChoice(bool IsRedis, string Location, string? PasswordSource = null)
{
    public static BackendChoice ForSqlite(string path) => new(false, Path.GetFullPath(path));

    /// <summary>A Redis URL from <paramref name="origin"/> (a flag or variable name); a malformed one is bad input.</summary>
    public static BackendChoice ForRedis(string url, string origin, string? passwordOrigin = null)
    {
        try
        {
            var parsed = RedisUrl.Parse(url);
            var source = parsed.Password is null ? null : passwordOrigin ?? origin;
            return new(true, url, source);
        }
        catch (BackendException ex)
        {
            throw new CliException($"{origin}: {ex.Message}", ExitCodes.BadInput);
        }
    }

    /// <summary>True for a Redis the environment chose (REDIS_URL, REDIS_HOST), not <c>--redis</c>.</summary>
    public bool FromEnvironment { get; init; }

    /// <summary>The flags that make a child worker use the same backend.</summary>
    public IReadOnlyList<string> AsArguments() => IsRedis ? ["--redis", Location] : ["--store", Location];

    /// <summary>
    /// The flags a printed command names to reach the same backend: the store's full path; for Redis nothing when the
    /// environment chose it (the same environment chooses it again), else the URL with any password shown as ***.
    /// </summary>
    public IReadOnlyList<string> AsHintArguments() =>
        !IsRedis ? ["--store", Location]
        : FromEnvironment ? []
        : ["--redis", PasswordSource is null ? Location : RedisUrl.Redact(Location)];
}
