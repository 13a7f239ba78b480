namespace Ttg.Redis;

/// <summary>Where the Redis backend connects and how it names and keeps its keys.</summary>
public sealed class RedisBackendOptions
{
    /// <summary>
    /// The server, as <c>redis://[user:password@]host[:port][/db]</c> or <c>rediss://…</c> for TLS.
    /// Default: <c>redis://localhost:6379</c>.
    /// </summary>
    public string Url { get; set; } = "redis://localhost:6379";

    /// <summary>
    /// Prefix of every key, so several TTG installations can share one server. A job's keys are
    /// <c>{prefix:jobId}:…</c> (one hash slot per job); the job registry is <c>prefix:jobs</c> and
    /// <c>prefix:running</c>. Default: <c>ttg</c>.
    /// </summary>
    public string KeyPrefix { get; set; } = "ttg";

    /// <summary>
    /// How long a job's data is kept after it completes; null keeps it until deleted. Default: null.
    /// </summary>
    public TimeSpan? CompletedJobTtl { get; set; }

    /// <summary>
    /// For <c>rediss://</c> servers whose certificate a private certificate authority signed (a cluster-internal CA,
    /// a self-hosted Redis): the PEM file of that CA, trusted in addition to the system's. Default: none.
    /// </summary>
    public string? TrustedCaFile { get; set; }

    /// <summary>
    /// How long one connection attempt may take; the first connect makes one attempt and one retry, so an
    /// unreachable server is reported within about twice this. Default: null, which is 1 second for <c>redis://</c>
    /// and 5 seconds for <c>rediss://</c> (a TLS handshake with certificate checks takes far longer on a busy host).
    /// </summary>
    public TimeSpan? ConnectTimeout { get; set; }

    /// <summary>The connect timeout that applies: <see cref="ConnectTimeout"/>, or its default for the URL's scheme.</summary>
    internal TimeSpan ConnectTimeoutFor(bool tls) => ConnectTimeout ?? TimeSpan.FromSeconds(tls ? 5 : 1);

    /// <summary>How long one command may wait for its reply before it fails with a timeout. Default: 10 seconds.</summary>
    public TimeSpan CommandTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Where the password in <see cref="Url"/> came from, named when the server refuses it (such as
    /// "the --redis URL" or "REDIS_PASSWORD"). Default: null, which names no source.
    /// </summary>
    public string? PasswordSource { get; set; }

    /// <summary>Throws <see cref="ArgumentException"/> when a value is out of range.</summary>
    internal void Validate()
    {
        if (string.IsNullOrWhiteSpace(Url))
        {
            throw new ArgumentException("RedisBackendOptions.Url is empty: pass a URL such as redis://localhost:6379.", nameof(Url));
        }

        if (string.IsNullOrEmpty(KeyPrefix) || KeyPrefix.AsSpan().IndexOfAny("{} ") >= 0)
        {
            throw new ArgumentException("RedisBackendOptions.KeyPrefix must be non-empty and free of braces and spaces.", nameof(KeyPrefix));
        }

        if (CompletedJobTtl is { } ttl && ttl <= TimeSpan.Zero)
        {
            throw new ArgumentException("RedisBackendOptions.CompletedJobTtl must be positive or null.", nameof(CompletedJobTtl));
        }

        if (TrustedCaFile is { } ca && !File.Exists(ca))
        {
            throw new ArgumentException($"The CA file {ca} does not exist; point TTG_REDIS_CA at the PEM file of the CA that signed the Redis server's certificate.", nameof(TrustedCaFile));
        }

        if (ConnectTimeout is { } connect && connect <= TimeSpan.Zero || CommandTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentException("RedisBackendOptions timeouts must be positive.");
        }
    }
}
