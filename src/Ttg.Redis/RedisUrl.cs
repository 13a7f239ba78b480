using System.Globalization;
using System.Net;
using StackExchange.Redis;
using Ttg.WorkQueue;

namespace Ttg.Redis;

/// <summary>Turns a <c>redis://</c> or <c>rediss://</c> URL into StackExchange.Redis configuration.</summary>
public static class RedisUrl
{
    private const string Example = "use redis://[user:password@]host:port[/db], e.g. redis://localhost:6379";

    /// <summary>
    /// Parses <c>redis://[user:password@]host[:port][/db]</c>; <c>rediss://</c> turns TLS on. The port defaults
    /// to 6379 and the database to 0. The returned options never abort on a failed connect, so the client
    /// keeps reconnecting after a server restart.
    /// </summary>
    /// <exception cref="BackendException">The URL is malformed; the message names the problem and the fix.</exception>
    public static ConfigurationOptions Parse(string url)
    {
        ArgumentNullException.ThrowIfNull(url);
        var text = url.Trim();
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Host.Length == 0)
        {
            throw Invalid(text, "it is not a URL");
        }

        var tls = uri.Scheme switch
        {
            "redis" => false,
            "rediss" => true,
            _ => throw Invalid(text, $"scheme '{uri.Scheme}' is not redis or rediss"),
        };

        if (uri.Query.Length > 0 || uri.Fragment.Length > 0)
        {
            throw Invalid(text, "query strings and fragments are not supported");
        }

        var options = new ConfigurationOptions
        {
            Ssl = tls,
            AbortOnConnectFail = false,
            DefaultDatabase = ParseDatabase(text, uri.AbsolutePath),
        };
        var port = uri.IsDefaultPort || uri.Port < 0 ? 6379 : uri.Port;
        var host = uri.Host.Trim('[', ']');
        options.EndPoints.Add(IPAddress.TryParse(host, out var address) ? new IPEndPoint(address, port) : new DnsEndPoint(host, port));
        if (tls)
        {
            options.SslHost = host;
        }

        ApplyUserInfo(options, uri.UserInfo);
        return options;
    }

    private static int ParseDatabase(string url, string path)
    {
        var db = path.Trim('/');
        if (db.Length == 0)
        {
            return 0;
        }

        if (!int.TryParse(db, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            throw Invalid(url, $"database '{db}' is not a number");
        }

        return number;
    }

    private static void ApplyUserInfo(ConfigurationOptions options, string userInfo)
    {
        if (userInfo.Length == 0)
        {
            return;
        }

        var colon = userInfo.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0)
        {
            // redis://secret@host is the common shorthand for a password without a user.
            options.Password = Uri.UnescapeDataString(userInfo);
            return;
        }

        var user = Uri.UnescapeDataString(userInfo[..colon]);
        options.User = user.Length == 0 ? null : user;
        options.Password = Uri.UnescapeDataString(userInfo[(colon + 1)..]);
    }

    private static BackendException Invalid(string url, string problem) =>
        new($"invalid Redis URL '{Redact(url)}': {problem}; {Example}");

    /// <summary>The URL with its user and password replaced by <c>***</c>, so a password never reaches a log or a console message.</summary>
    public static string Redact(string url)
    {
        var at = url.LastIndexOf('@');
        var scheme = url.IndexOf("://", StringComparison.Ordinal);
        return at > 0 && scheme >= 0 && at > scheme ? string.Concat(url.AsSpan(0, scheme + 3), "***", url.AsSpan(at)) : url;
    }
}
