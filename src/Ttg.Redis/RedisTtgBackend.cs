using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;
using Ttg.WorkQueue;

namespace Ttg.Redis;

/// <summary>
/// The Redis Streams backend. Each job is a stream read through one consumer group, so queue depth is
/// visible to <c>XINFO GROUPS</c> and autoscalers; leases are deliveries to a consumer named after the worker,
/// expiry is the entry's idle time on the server clock, and every state change is one Lua script over the
/// job's keys (see <see cref="JobKeys"/>).
/// </summary>
internal sealed partial class RedisTtgBackend : ITtgBackend
{
    private readonly ConnectionMultiplexer _connection;
    private readonly IDatabase _db;
    private readonly RedisBackendOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly RedisKey _jobsKey;
    private readonly RedisKey _runningKey;
    private readonly RedisKey _jobSequenceKey;
    private readonly ConcurrentDictionary<string, JobRoute> _routes = new(StringComparer.Ordinal);
    private int _leaseRound;

    public RedisTtgBackend(ConnectionMultiplexer connection, RedisBackendOptions options, TimeProvider time, ILogger logger, string description)
    {
        _connection = connection;
        _db = connection.GetDatabase();
        _options = options;
        _time = time;
        _logger = logger;
        _jobsKey = options.KeyPrefix + ":jobs";
        _runningKey = options.KeyPrefix + ":running";
        _jobSequenceKey = options.KeyPrefix + ":jobseq";
        Description = description;
        EndPoint = description.StartsWith("redis:", StringComparison.Ordinal) ? description["redis:".Length..] : description;
        _connection.ConnectionFailed += OnConnectionFailed;
        _connection.ConnectionRestored += OnConnectionRestored;
    }

    /// <inheritdoc />
    public string Description { get; }

    private string EndPoint { get; }

    /// <inheritdoc />
    public bool IsTransient(Exception exception) => RedisBackend.IsTransient(exception);

    /// <inheritdoc />
    public string? DescribePermanentFault(Exception exception) => RedisFaults.Describe(exception, EndPoint, _options);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        _connection.ConnectionFailed -= OnConnectionFailed;
        _connection.ConnectionRestored -= OnConnectionRestored;
        await _connection.CloseAsync(allowCommandsToComplete: true);
        await _connection.DisposeAsync();
    }

    private JobKeys Keys(string jobId) => new(_options.KeyPrefix, jobId);

    private long NowMs() => _time.GetUtcNow().ToUnixTimeMilliseconds();

    private long CompletedTtlMs() => _options.CompletedJobTtl is { } ttl ? (long)Math.Ceiling(ttl.TotalMilliseconds) : 0;

    private async Task<RedisResult> EvalAsync(string script, JobKeys keys, RedisValue[] args, CancellationToken cancellationToken)
    {
        // SE.Redis sends EVALSHA for a script it has seen and falls back to EVAL on NOSCRIPT (after a restart
        // or SCRIPT FLUSH), so callers never see the script cache.
        return await _db.ScriptEvaluateAsync(script, keys.All, args).WaitAsync(cancellationToken);
    }

    private void OnConnectionFailed(object? sender, ConnectionFailedEventArgs e) =>
        Log.ConnectionFailed(_logger, e.EndPoint?.ToString() ?? "?", e.FailureType.ToString(), e.Exception);

    private void OnConnectionRestored(object? sender, ConnectionFailedEventArgs e) =>
        Log.ConnectionRestored(_logger, e.EndPoint?.ToString() ?? "?");
}
