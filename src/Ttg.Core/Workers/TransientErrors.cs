using System.Net.Sockets;

namespace Ttg.Workers;

/// <summary>
/// Tells a passing backend outage (a Redis restart, a busy SQLite file, a dropped socket) from a bug. The
/// worker backs off and retries the former instead of crashing, so a restarted server never causes a crash loop.
/// Matched by type name so the engine needs no reference to any backend's client library.
/// </summary>
internal static class TransientErrors
{
    private static readonly HashSet<string> TransientTypeNames = new(StringComparer.Ordinal)
    {
        "RedisConnectionException",
        "RedisTimeoutException",
        "RedisServerException",
        "SqliteException",
    };

    /// <summary>True when retrying the same call later may succeed.</summary>
    public static bool IsTransient(Exception exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (current is TimeoutException or IOException or SocketException || TransientTypeNames.Contains(current.GetType().Name))
            {
                return true;
            }
        }

        return false;
    }
}
