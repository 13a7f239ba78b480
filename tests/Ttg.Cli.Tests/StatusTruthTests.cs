using Ttg.Sqlite;
using Ttg.Testing;
using Ttg.WorkQueue;

namespace Ttg.Cli.Tests;

/// <summary>`ttg status` shows a rate and an ETA only for a job that live workers are computing; otherwise it says why not.</summary>
public sealed class StatusTruthTests : IAsyncLifetime
{
    private readonly TempFolder _folder = new();
    private RedisServerProcess? _redis;

    public async Task InitializeAsync() => _redis = await RedisServerProcess.StartAsync();

    public async Task DisposeAsync()
    {
        if (_redis is not null)
        {
            await _redis.DisposeAsync();
        }

        _folder.Dispose();
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("redis")]
    public async Task Status_ShowsNoEta_ForWorkerlessPausedAndCancelledJobs(string backendKind)
    {
        string[] backend = backendKind == "redis" ? ["--redis", _redis!.Url] : ["--store", _folder.File("ttg.db")];
        await Ttg(["submit", "square", "--params", "500", "--chunk-size", "50", "--job-id", "idle", .. backend]);
        await Ttg(["submit", "square", "--params", "500", "--chunk-size", "50", "--job-id", "held", .. backend]);
        await Ttg(["submit", "square", "--params", "500", "--chunk-size", "50", "--job-id", "gone", .. backend]);
        await Ttg(["pause", "held", .. backend]);
        await Ttg(["cancel", "gone", .. backend]);

        AssertNoEta((await Ttg(["status", "idle", .. backend])).Stdout, "no live workers");
        AssertNoEta((await Ttg(["status", "held", .. backend])).Stdout, "paused");
        AssertNoEta((await Ttg(["status", "gone", .. backend])).Stdout, "cancelled");

        AssertNoEta(await FirstWatchLineAsync(["watch", "idle", .. backend]), "no live workers");
        AssertNoEta(await FirstWatchLineAsync(["watch", "held", .. backend]), "paused");
        AssertNoEta((await TtgProcess.RunAsync(_folder.Path, ["watch", "gone", .. backend])).Stdout, "cancelled"); // a cancelled job ends the watch
    }

    // `ttg watch` of a job nobody computes runs until stopped; its first plain line is what it shows.
    private async Task<string> FirstWatchLineAsync(string[] args)
    {
        using var watch = TtgProcess.Start(_folder.Path, null, args);
        var deadline = DateTime.UtcNow.AddMinutes(1);
        while (!watch.Stdout.Contains('\n', StringComparison.Ordinal))
        {
            Assert.False(watch.HasExited, $"ttg {string.Join(' ', args)} exited early: {watch.Stderr}");
            Assert.True(DateTime.UtcNow < deadline, $"ttg {string.Join(' ', args)} printed nothing");
            await Task.Delay(50);
        }

        watch.Kill();
        return watch.Stdout;
    }

    [Fact]
    public async Task Status_ShowsTheMeasuredRateAndAModelEta_WhileAWorkerCompletes()
    {
        var store = _folder.File("ttg.db");
        await Ttg(["submit", "square", "--params", "1000", "--chunk-size", "50", "--job-id", "busy", "--deadline", "1h", "--store", store]);
        await using (var backend = await SqliteBackend.OpenAsync(new SqliteBackendOptions { Path = store }))
        {
            // One worker completes a chunk of 50 every second (50 parameters/s) and holds the next.
            for (var i = 0; i < 5; i++)
            {
                var lease = Assert.Single(await backend.LeaseAsync(new LeaseRequest("w1", 1, ["square"])));
                await Task.Delay(1000);
                Assert.Equal(LeaseOutcome.Accepted, await backend.CompleteAsync(lease, new ChunkCompletion(new byte[lease.Count * 8], lease.Count, 0)));
            }

            Assert.Single(await backend.LeaseAsync(new LeaseRequest("w1", 1, ["square"])));
        }

        var status = (await Ttg(["status", "busy", "--store", store])).Stdout;
        var line = status.Split('\n').Single(l => l.StartsWith("progress", StringComparison.Ordinal));

        Assert.Contains("250/1,000", line);
        Assert.DoesNotContain("no live workers", line);
        var rate = double.Parse(line.Split(" params/s")[0].Split('|')[^1].Trim().Replace(",", ""), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(rate, 30, 60); // 50/s measured on a shared machine's real clock
        Assert.Matches(@"ETA 00:(1\d|2[0-5]) \|", line); // 750 left at about 50/s: about 15 s
        Assert.Contains("(in 59:", status);
        Assert.Contains(": on track, needs 1 worker (1 live)", status);
    }

    [Fact]
    public async Task Deadline_ThatIsNotADuration_IsBadInput()
    {
        var result = await InProcessTtg.RunAsync("submit", "square", "--params", "10", "--deadline", "soon", "--store", _folder.File("ttg.db"));

        Assert.Equal(ExitCodes.BadInput, result.ExitCode);
        Assert.Contains("--deadline 'soon' is not a duration; pass for example --deadline 2h", result.Stderr + result.Stdout);
    }

    private static void AssertNoEta(string status, string reason)
    {
        Assert.Contains($"ETA {reason} |", status);
        Assert.Contains("| - params/s |", status);
    }

    private static async Task<ProcessResult> Ttg(string[] args)
    {
        var result = await InProcessTtg.RunAsync(args);
        Assert.True(result.ExitCode == 0, $"ttg {string.Join(' ', args)} exited {result.ExitCode}: {result.Stdout}{result.Stderr}");
        return result;
    }
}
