using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using StackExchange.Redis;
using Ttg.WorkQueue;

namespace Ttg.Redis;

/// <summary>
/// Opens the Redis Streams backend. The connection survives server restarts: StackExchange.Redis reconnects on
/// its own, and calls made while the server is away throw <see cref="RedisConnectionException"/> or
/// <see cref="RedisTimeoutException"/>, which a worker should treat as transient (back off and retry; see
/// <see cref="IsTransient"/>). A completion that failed that way may still have been applied; retrying it is
/// safe, because a chunk is recorded at most once (a repeat answers <see cref="LeaseOutcome.LeaseLost"/>).
/// </summary>
public static class RedisBackend
{
    private static readonly Version MinimumVersion = new(6, 2);

    /// <summary>How long a server whose port accepts connections gets to finish the handshake before it counts as no Redis.</summary>
    private static readonly TimeSpan ListeningServerPatience = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Connects to the server in <see cref="RedisBackendOptions.Url"/> and returns the backend.
    /// <paramref name="timeProvider"/> (default: system) stamps job creation and finish times; lease expiry and
    /// retry delays use the Redis server's clock, so workers with skewed clocks agree.
    /// </summary>
    /// <exception cref="BackendException">The URL is malformed, the server is unreachable or refuses the
    /// credentials, or it is older than Redis 6.2.</exception>
    public static async Task<ITtgBackend> ConnectAsync(RedisBackendOptions options, TimeProvider? timeProvider = null, ILoggerFactory? loggerFactory = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var config = RedisUrl.Parse(options.Url);
        // One quick attempt and one retry: an absent server is reported within about twice the connect timeout
        // instead of after SE.Redis's default of three long attempts. Later reconnects keep trying for ever.
        var connectTimeout = options.ConnectTimeoutFor(config.Ssl);
        config.ConnectTimeout = (int)connectTimeout.TotalMilliseconds;
        config.ConnectRetry = 1;
        // Calls made while disconnected fail at once, carrying the reason (refused password, no server), rather
        // than queue until their timeout: the worker's outage guard backs off and retries them itself.
        config.BacklogPolicy = BacklogPolicy.FailFast;
        config.SyncTimeout = (int)options.CommandTimeout.TotalMilliseconds;
        config.AsyncTimeout = (int)options.CommandTimeout.TotalMilliseconds;
        config.ClientName = "ttg";
        config.AbortOnConnectFail = false;
        if (options.TrustedCaFile is { } ca)
        {
            config.TrustIssuer(ca);
        }

        var endPoint = EndPointText(config);
        var logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger("Ttg.Redis");

        var refusedCredentials = false;
        async Task<ConnectionMultiplexer> OpenAsync()
        {
            try
            {
                var opened = await ConnectionMultiplexer.ConnectAsync(config).WaitAsync(cancellationToken);
                opened.ConnectionFailed += (_, failed) => refusedCredentials |= failed.FailureType == ConnectionFailureType.AuthenticationFailure;
                return opened;
            }
            catch (RedisException ex)
            {
                throw Unreachable(endPoint, ex.Message, ex);
            }
        }

        var connection = await OpenAsync();

        // The TCP probe of a failed connect, taken once: the failure path below reuses it rather than probe again.
        (string Reason, bool PortOpen)? diagnosis = null;
        try
        {
            // With AbortOnConnectFail off the multiplexer returns unconnected instead of throwing; a PING tells
            // an absent server from a slow one and carries the failure reason (refused, auth, TLS).
            // A slow handshake (TLS on a busy host) may still finish after the connect call returned: give it two
            // more connect timeouts, then PING, which fails at once with the reason when there is no connection.
            await WaitForConnectionAsync(connection, connectTimeout * 2, cancellationToken);
            if (!connection.IsConnected && !refusedCredentials)
            {
                diagnosis = await UnreachableReason.DiagnoseAsync(config.EndPoints[0], connectTimeout).ConfigureAwait(false);
            }

            if (diagnosis is { PortOpen: true })
            {
                // Something listens there: on an overloaded host the handshake may simply be late (a worker descheduled
                // for seconds), and SE.Redis's own reconnects keep the short timeout, which such a handshake can miss
                // every time (one CI run's worker gave up after 13 s on a live loopback Redis). Ending the worker then
                // would make `ttg run` fail for a slow start, so one last connect gets the whole patience as its
                // timeout; an absent server (refused, no route) is still reported in about twice the connect timeout.
                await connection.DisposeAsync();
                config.ConnectTimeout = (int)ListeningServerPatience.TotalMilliseconds;
                config.ConnectRetry = 0;
                connection = await OpenAsync();
            }

            await connection.GetDatabase().PingAsync().WaitAsync(cancellationToken);
            var server = connection.GetServers().FirstOrDefault(s => s.IsConnected);
            if (server is not null && server.Version < MinimumVersion)
            {
                throw new BackendException($"Redis at {endPoint} is version {server.Version}; TTG needs 6.2 or newer (XAUTOCLAIM): upgrade redis-server");
            }

            Log.Connected(logger, server?.Version.ToString() ?? "?", endPoint, options.KeyPrefix);
            return new RedisTtgBackend(connection, options, timeProvider ?? TimeProvider.System, logger, $"redis:{endPoint}");
        }
        catch (Exception ex) when (ex is RedisException or BackendException or OperationCanceledException or TimeoutException)
        {
            await connection.DisposeAsync();
            if (RedisFaults.Describe(ex, endPoint, options) is { } refused)
            {
                throw new BackendException(refused, ex);
            }

            if (ex is RedisConnectionException or TimeoutException)
            {
                var (reason, portOpen) = diagnosis ?? await UnreachableReason.DiagnoseAsync(config.EndPoints[0], connectTimeout).ConfigureAwait(false);
                if (portOpen && config.Ssl && options.TrustedCaFile is null)
                {
                    throw new BackendException($"cannot reach Redis at {endPoint}: the TLS or password check failed; check the password, and if the server's certificate comes from a private CA set TTG_REDIS_CA to that CA's PEM file", ex);
                }

                throw Unreachable(endPoint, reason, ex);
            }

            if (ex is RedisException)
            {
                throw Unreachable(endPoint, ex.Message, ex);
            }

            throw;
        }
    }

    // Real time, whatever clock stamps the jobs: this waits on the network.
    private static async Task WaitForConnectionAsync(ConnectionMultiplexer connection, TimeSpan patience, CancellationToken cancellationToken)
    {
        var time = TimeProvider.System;
        var start = time.GetTimestamp();
        while (!connection.IsConnected && time.GetElapsedTime(start) < patience)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(50), time, cancellationToken);
        }
    }

    /// <summary>
    /// True for failures a worker should ride out by backing off and retrying: a lost connection or a timeout
    /// while Redis restarts or the network drops.
    /// </summary>
    public static bool IsTransient(Exception exception)
    {
        if (RedisFaults.Describe(exception, "", null) is not null)
        {
            // Refused credentials or rights are permanent, though SE.Redis reports them as connection failures.
            return false;
        }

        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (current is RedisConnectionException or RedisTimeoutException or TimeoutException or IOException or System.Net.Sockets.SocketException
                || (current is RedisServerException server && IsPassingServerState(server.Message)))
            {
                return true;
            }
        }

        return false;
    }

    // Answers of a server that will serve again without anyone changing TTG's request: loading its data after a
    // restart, mid-failover, a slow script, or out of memory until results are read and deleted. Retrying keeps
    // the worker's computed results; crashing would throw them away.
    private static readonly string[] PassingServerStates = ["LOADING", "MASTERDOWN", "TRYAGAIN", "CLUSTERDOWN", "READONLY", "BUSY", "OOM"];

    private static bool IsPassingServerState(string message) =>
        PassingServerStates.Any(state => message.StartsWith(state, StringComparison.Ordinal));

    private static BackendException Unreachable(string endPoint, string reason, Exception inner) =>
        new($"cannot reach Redis at {endPoint}: {RedisFaults.FirstLine(reason)}; start redis-server or pass --redis URL", inner);

    private static string EndPointText(ConfigurationOptions config) => config.EndPoints.Count == 0
        ? "?"
        : config.EndPoints[0] switch
        {
            System.Net.DnsEndPoint dns => $"{dns.Host}:{dns.Port}",
            var other => other.ToString() ?? "?",
        };
}
