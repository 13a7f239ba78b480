using System.Net;
using StackExchange.Redis;
using Ttg.WorkQueue;

namespace Ttg.Redis.Tests;

public sealed class RedisUrlTests
{
    [Fact]
    public void Parse_ReadsHostPortAndDatabase()
    {
        var options = RedisUrl.Parse("redis://cache.internal:6380/3");
        var endPoint = Assert.IsType<DnsEndPoint>(Assert.Single(options.EndPoints));
        Assert.Equal("cache.internal", endPoint.Host);
        Assert.Equal(6380, endPoint.Port);
        Assert.Equal(3, options.DefaultDatabase);
        Assert.False(options.Ssl);
        Assert.False(options.AbortOnConnectFail);
    }

    [Fact]
    public void Parse_DefaultsPortTo6379_AndReadsIpAddresses()
    {
        var endPoint = Assert.IsType<IPEndPoint>(Assert.Single(RedisUrl.Parse("redis://127.0.0.1").EndPoints));
        Assert.Equal(6379, endPoint.Port);
        Assert.Equal(IPAddress.Loopback, endPoint.Address);
    }

    [Fact]
    public void Parse_ReadsUserAndEscapedPassword()
    {
        var options = RedisUrl.Parse("redis://alice:p%40ss@localhost:6379");
        Assert.Equal("alice", options.User);
        Assert.Equal("p@ss", options.Password);
    }

    [Fact]
    public void Parse_TreatsLoneUserInfoAsPassword()
    {
        var options = RedisUrl.Parse("redis://secret@localhost:6379");
        Assert.Null(options.User);
        Assert.Equal("secret", options.Password);
    }

    [Fact]
    public void Parse_TurnsTlsOn_ForRediss()
    {
        var options = RedisUrl.Parse("rediss://redis.example.com:6380");
        Assert.True(options.Ssl);
        Assert.Equal("redis.example.com", options.SslHost);
    }

    [Theory]
    [InlineData("http://localhost:6379", "scheme 'http'")]
    [InlineData("localhost:6379", "redis://")]
    [InlineData("redis://localhost:6379/zero", "database 'zero'")]
    [InlineData("redis://localhost:6379/0?ssl=true", "query")]
    public void Parse_RejectsBadUrls_WithTheProblemAndTheFix(string url, string problem)
    {
        var error = Assert.Throws<BackendException>(() => RedisUrl.Parse(url));
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
        Assert.Contains("redis://localhost:6379", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void Parse_NeverEchoesThePassword()
    {
        var error = Assert.Throws<BackendException>(() => RedisUrl.Parse("redis://u:hunter2@localhost:6379/x"));
        Assert.DoesNotContain("hunter2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ConfigurationOptions_AreUsableByStackExchangeRedis()
    {
        var text = RedisUrl.Parse("redis://localhost:6379/2").ToString();
        Assert.Contains("defaultDatabase=2", text, StringComparison.Ordinal);
        Assert.Equal(2, ConfigurationOptions.Parse(text).DefaultDatabase);
    }
}
