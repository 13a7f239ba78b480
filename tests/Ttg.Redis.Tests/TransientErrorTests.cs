using StackExchange.Redis;

namespace Ttg.Redis.Tests;

/// <summary>Which Redis failures a worker rides out (backs off and retries) and which it reports.</summary>
public sealed class TransientErrorTests
{
    public static TheoryData<Exception, bool> Cases => new()
    {
        { new RedisConnectionException(ConnectionFailureType.SocketClosed, "closed"), true },
        { new RedisTimeoutException("timeout", CommandStatus.Sent), true },
        { new RedisServerException("LOADING Redis is loading the dataset in memory"), true },
        { new RedisServerException("OOM command not allowed when used memory > 'maxmemory'."), true },
        { new RedisServerException("READONLY You can't write against a read only replica."), true },
        { new InvalidOperationException("outer", new IOException("connection reset")), true },
        { new RedisServerException("ERR Error running script: user_script:3: bad argument"), false },
        { new RedisServerException("WRONGTYPE Operation against a key holding the wrong kind of value"), false },
        { new ArgumentException("a bug"), false },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Failures_AreTransientOnlyWhenTheServerWillServeAgain(Exception failure, bool transient) =>
        Assert.Equal(transient, RedisBackend.IsTransient(failure));
}
