using System.Diagnostics;
using Ttg.Testing;

namespace Ttg.Cli.Tests;

/// <summary>
/// A Redis that cannot be used is named in one line that says what to fix: an absent server quickly (one short
/// connect and one retry, not a long default), a refused password with the setting it came from, and a URL that
/// is not redis:// or rediss:// as bad input.
/// </summary>
public sealed class RedisConnectionErrorTests(PasswordRedis redis) : IClassFixture<PasswordRedis>
{
    [Fact]
    public async Task AnAbsentServer_IsReportedAsRefused_WellWithinTheOldThreeLongAttempts()
    {
        var port = LoopbackPort.Free();
        var clock = Stopwatch.StartNew();

        var result = await Ttg(null, "jobs", "--redis", $"redis://127.0.0.1:{port}");

        Assert.Equal(ExitCodes.BackendUnavailable, result.ExitCode);
        Assert.Contains($"cannot reach Redis at 127.0.0.1:{port}: connection refused", OneErrorLine(result));
        // The process start is included; before, three 5 s attempts took over 20 s.
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task AWrongPassword_NamesTheSettingItCameFrom()
    {
        var port = redis.Port;

        var fromFlag = await Ttg(null, "jobs", "--redis", $"redis://:wrong@127.0.0.1:{port}");
        var fromVariable = await Ttg(new Dictionary<string, string> { ["REDIS_HOST"] = "127.0.0.1", ["REDIS_PORT"] = $"{port}", ["REDIS_PASSWORD"] = "wrong" }, "jobs");
        var none = await Ttg(null, "jobs", "--redis", $"redis://127.0.0.1:{port}");
        var right = await Ttg(null, "jobs", "--redis", $"redis://:{PasswordRedis.Password}@127.0.0.1:{port}");

        Assert.Equal(ExitCodes.BackendUnavailable, fromFlag.ExitCode);
        Assert.Contains("refused the password (from the --redis URL)", OneErrorLine(fromFlag));
        Assert.Equal(ExitCodes.BackendUnavailable, fromVariable.ExitCode);
        Assert.Contains("refused the password (from REDIS_PASSWORD)", OneErrorLine(fromVariable));
        Assert.Contains("requires a password and none was given", OneErrorLine(none));
        Assert.Equal(0, right.ExitCode);
        Assert.DoesNotContain("wrong", fromFlag.Stderr + fromVariable.Stderr); // the password itself is never echoed
    }

    [Theory]
    [InlineData("http://127.0.0.1:6379", "scheme 'http' is not redis or rediss")]
    [InlineData("localhost:6379", "it is not a URL")]
    public async Task AUrlThatIsNotRedis_IsBadInput(string url, string problem)
    {
        var fromFlag = await Ttg(null, "jobs", "--redis", url);
        var fromVariable = await Ttg(new Dictionary<string, string> { ["REDIS_URL"] = url }, "jobs");

        Assert.Equal(ExitCodes.BadInput, fromFlag.ExitCode);
        Assert.Contains($"--redis: invalid Redis URL '{url}': {problem}", OneErrorLine(fromFlag));
        Assert.Equal(ExitCodes.BadInput, fromVariable.ExitCode);
        Assert.Contains("REDIS_URL: invalid Redis URL", OneErrorLine(fromVariable));
    }

    private Task<ProcessResult> Ttg(IReadOnlyDictionary<string, string>? environment, params string[] args) => redis.TtgAsync(environment, args);

    private static string OneErrorLine(ProcessResult result)
    {
        var lines = (result.Stdout + result.Stderr).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return Assert.Single(lines, l => l.StartsWith("error:", StringComparison.Ordinal));
    }
}
