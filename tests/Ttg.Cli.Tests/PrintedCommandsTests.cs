using Ttg.Cli.Commands;
using Ttg.Cli.Options;
using Ttg.Testing;

namespace Ttg.Cli.Tests;

/// <summary>
/// The commands TTG prints for the next step (`ttg retry`, `ttg run --resume`, `ttg worker`) reach the same store
/// as the run that printed them, paste into a shell as they read, and never show a Redis password.
/// </summary>
public sealed class PrintedCommandsTests(PasswordRedis redis) : IClassFixture<PasswordRedis>
{
    [Fact]
    public async Task ARunWithFailures_NamesRetryAndResume_WithTheRedisUrlItWasGiven_ButNeverItsPassword()
    {
        var url = $"redis://:{PasswordRedis.Password}@127.0.0.1:{redis.Port}";

        var run = await Ttg(null, "run", "square", "--params", "20", "--chunk-size", "5", "--fail-on", "3", "--max-attempts", "1", "--workers", "1", "--job-id", "flagged", "--redis", url);

        Assert.True(run.ExitCode == ExitCodes.ParametersFailed, run.ToString());
        var redacted = $"--redis 'redis://***@127.0.0.1:{redis.Port}'";
        Assert.Contains($"`ttg retry flagged {redacted}` re-queues the failed parameters and `ttg run --resume flagged {redacted}` computes only those", run.Stderr);
        Assert.DoesNotContain(PasswordRedis.Password, run.Stdout + run.Stderr);
    }

    [Fact]
    public async Task ARedisChosenByTheEnvironment_IsLeftToTheEnvironment_InEveryPrintedCommand()
    {
        var environment = new Dictionary<string, string> { ["REDIS_HOST"] = "127.0.0.1", ["REDIS_PORT"] = $"{redis.Port}", ["REDIS_PASSWORD"] = PasswordRedis.Password };

        var run = await Ttg(environment, "run", "square", "--params", "20", "--chunk-size", "5", "--fail-on", "3", "--max-attempts", "1", "--workers", "1", "--job-id", "env");
        var retry = await Ttg(environment, "retry", "env");

        Assert.True(run.ExitCode == ExitCodes.ParametersFailed, run.ToString());
        Assert.Contains("`ttg retry env` re-queues the failed parameters and `ttg run --resume env` computes only those", run.Stderr);
        Assert.True(retry.ExitCode == 0, retry.ToString());
        Assert.Contains("Compute them with `ttg run --resume env`, or start workers: `ttg worker --job env`.", retry.Stdout);
        Assert.DoesNotContain(PasswordRedis.Password, run.Stdout + run.Stderr + retry.Stdout + retry.Stderr);
    }

    [Fact]
    public void AStorePathWithBlanksOrShellCharacters_IsQuotedAsOneWord()
    {
        var store = BackendChoice.ForSqlite("/data/my runs/it's.db");

        Assert.Equal("ttg run --resume j1 --store '/data/my runs/it'\\''s.db' --out 'out dir/r.csv'", NextSteps.Resume("j1", store, "out dir/r.csv"));
        Assert.Equal("ttg retry j1 --store /data/plain.db", NextSteps.Retry("j1", BackendChoice.ForSqlite("/data/plain.db")));
        Assert.Equal("ttg worker --job j1 --redis redis://10.0.0.5:6379", NextSteps.Worker("j1", BackendChoice.ForRedis("redis://10.0.0.5:6379", "--redis")));
    }

    private Task<ProcessResult> Ttg(IReadOnlyDictionary<string, string>? environment, params string[] args) => redis.TtgAsync(environment, args);
}
