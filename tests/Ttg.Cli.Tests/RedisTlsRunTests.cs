using Ttg.Testing;

namespace Ttg.Cli.Tests;

/// <summary><c>ttg run --redis rediss://…</c> with a private CA named by TTG_REDIS_CA, which its workers inherit.</summary>
public sealed class RedisTlsRunTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task RunOverTls_WithAPrivateCa_ComputesEveryParameter()
    {
        await using var server = await RedisTlsServer.StartAsync();
        var results = _folder.File("results.csv");
        var env = new Dictionary<string, string> { ["TTG_REDIS_CA"] = server.CaFile };

        var run = await TtgProcess.RunAsync(_folder.Path, env, TimeSpan.FromMinutes(2), "run", "square", "--params", "5000", "--workers", "2", "--redis", server.TlsUrl, "--out", results);

        Assert.True(run.ExitCode == 0, run.ToString());
        ResultsFile.AssertExactlyOnce(ResultsFile.ReadCsv(results), 5000, i => (double)i * i);
    }

    [Fact]
    public async Task AMissingCaFile_IsBadInput()
    {
        var env = new Dictionary<string, string> { ["TTG_REDIS_CA"] = _folder.File("missing.pem") };

        var jobs = await TtgProcess.RunAsync(_folder.Path, env, TimeSpan.FromMinutes(1), "jobs", "--redis", "rediss://127.0.0.1:1");

        Assert.Equal(ExitCodes.BadInput, jobs.ExitCode);
        Assert.Contains("TTG_REDIS_CA", jobs.Stderr);
    }
}
