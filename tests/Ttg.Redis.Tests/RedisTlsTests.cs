using Ttg.Testing;
using Ttg.WorkQueue;

namespace Ttg.Redis.Tests;

/// <summary>rediss:// against a real TLS redis-server whose certificate a private CA signed.</summary>
public sealed class RedisTlsTests(RedisTlsTests.Server server) : IClassFixture<RedisTlsTests.Server>
{
    [Fact]
    public async Task WithItsCaTrusted_TheBackendWorksOverTls()
    {
        await using var backend = await RedisBackend.ConnectAsync(new RedisBackendOptions { Url = server.Tls.TlsUrl, TrustedCaFile = server.Tls.CaFile, KeyPrefix = "tls-" + Guid.NewGuid().ToString("N")[..8] });

        await backend.SubmitAsync(TestJobs.Submission("over-tls", total: 4, chunkSize: 2));
        var leases = await backend.LeaseAsync(TestJobs.Request("w", max: 4, jobId: "over-tls"));
        var outcomes = await backend.CompleteManyAsync([.. leases.Select(l => new ChunkCompletionRequest(l, TestJobs.Results(l)))]);

        Assert.Equal(2, leases.Count);
        Assert.All(outcomes, o => Assert.Equal(LeaseOutcome.Accepted, o));
        Assert.Equal(JobState.Completed, (await backend.GetJobAsync("over-tls"))?.State);
    }

    [Fact]
    public async Task WithoutItsCa_TheServerIsRefused_WithAMessageNamingTheServer()
    {
        var error = await Assert.ThrowsAsync<BackendException>(() => RedisBackend.ConnectAsync(new RedisBackendOptions { Url = server.Tls.TlsUrl, ConnectTimeout = TimeSpan.FromSeconds(2) }));

        Assert.Contains($"127.0.0.1:{server.Tls.TlsPort}", error.Message);
        Assert.Contains("TTG_REDIS_CA", error.Message);
    }

    [Fact]
    public void AMissingCaFile_IsRejectedBeforeConnecting()
    {
        var error = Assert.Throws<ArgumentException>(() => new RedisBackendOptions { Url = server.Tls.TlsUrl, TrustedCaFile = "/no/such/ca.pem" }.Validate());

        Assert.Contains("/no/such/ca.pem", error.Message);
    }

    /// <summary>One TLS server for the class.</summary>
    public sealed class Server : IAsyncLifetime
    {
        public RedisTlsServer Tls { get; private set; } = null!;

        public async Task InitializeAsync() => Tls = await RedisTlsServer.StartAsync();

        public async Task DisposeAsync() => await Tls.DisposeAsync();
    }
}
