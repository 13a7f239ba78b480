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
        { new RedisServerException("WRONGPASS invalid username-password pair or user is disabled."), false },
        { new RedisConnectionException(ConnectionFailureType.AuthenticationFailure, "auth"), false },
    };

    public static TheoryData<Exception, string?> Permanent => new()
    {
        { new RedisServerException("WRONGPASS invalid username-password pair or user is disabled."), "refused the password (from REDIS_PASSWORD)" },
        { new RedisServerException("NOAUTH Authentication required."), "refused the password (from REDIS_PASSWORD)" },
        { new RedisConnectionException(ConnectionFailureType.AuthenticationFailure, "auth", new RedisServerException("WRONGPASS bad")), "refused the password" },
        { new RedisServerException("NOPERM User ttg has no permissions to run the 'evalsha' command"), "denied this user a command" },
        { new RedisServerException("OOM command not allowed when used memory > 'maxmemory'."), null },
        { new RedisConnectionException(ConnectionFailureType.SocketClosed, "closed"), null },
        { new ArgumentException("a bug"), null },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Failures_AreTransientOnlyWhenTheServerWillServeAgain(Exception failure, bool transient) =>
        Assert.Equal(transient, RedisBackend.IsTransient(failure));

    [Theory]
    [MemberData(nameof(Permanent))]
    public void RefusedCredentials_ArePermanent_AndNeverTransient(Exception failure, string? reason)
    {
        var described = RedisFaults.Describe(failure, "127.0.0.1:6379", new RedisBackendOptions { Url = "redis://:secret@127.0.0.1:6379", PasswordSource = "REDIS_PASSWORD" });

        if (reason is null)
        {
            Assert.Null(described);
        }
        else
        {
            Assert.Contains(reason, described);
            Assert.Contains("127.0.0.1:6379", described);
            Assert.False(RedisBackend.IsTransient(failure));
        }
    }
}
