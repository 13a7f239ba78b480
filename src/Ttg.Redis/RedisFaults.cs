using StackExchange.Redis;

namespace Ttg.Redis;

/// <summary>
/// The Redis errors that mean this worker cannot use the server and waiting will not help: the server refused
/// the credentials or the user's rights. Everything the server will serve again after (a restart, a failover,
/// OOM until results are read) is transient instead; see <see cref="RedisBackend.IsTransient"/>.
/// </summary>
internal static class RedisFaults
{
    private static readonly string[] RefusedCredentials = ["NOAUTH", "WRONGPASS", "ERR invalid password", "ERR AUTH"];

    /// <summary>A one-line reason, or null when <paramref name="exception"/> is not a permanent fault.</summary>
    /// <param name="exception">What a call threw.</param>
    /// <param name="endPoint">The server, for the message.</param>
    /// <param name="options">The connection's options: whether the URL carries a password, and where it came from.</param>
    public static string? Describe(Exception exception, string endPoint, RedisBackendOptions? options)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            var refused = current switch
            {
                RedisServerException server => RefusedCredentials.Any(p => server.Message.StartsWith(p, StringComparison.Ordinal)),
                RedisConnectionException connection => connection.FailureType == ConnectionFailureType.AuthenticationFailure
                    && current.InnerException is not System.Security.Authentication.AuthenticationException,
                _ => false,
            };
            if (refused)
            {
                return RefusedCredentialsText(endPoint, options);
            }

            if (current is RedisServerException denied && denied.Message.StartsWith("NOPERM", StringComparison.Ordinal))
            {
                return $"Redis at {endPoint} denied this user a command TTG needs ({FirstLine(denied.Message)}); grant the ACL user access to TTG's keys, scripts and streams";
            }
        }

        return null;
    }

    private static string RefusedCredentialsText(string endPoint, RedisBackendOptions? options)
    {
        if (options is not null && RedisUrl.Parse(options.Url).Password is null)
        {
            return $"Redis at {endPoint} requires a password and none was given; put it in the URL (redis://:PASSWORD@host:port) of --redis or REDIS_URL, or set REDIS_PASSWORD with REDIS_HOST";
        }

        var source = options?.PasswordSource is { } from ? $" (from {from})" : "";
        return $"Redis at {endPoint} refused the password{source}; check it against the server's requirepass or ACL user";
    }

    /// <summary>The first line of a server or client message, which is the part worth showing.</summary>
    public static string FirstLine(string text)
    {
        var end = text.IndexOfAny(['\r', '\n']);
        return end < 0 ? text : text[..end];
    }
}
