using Ttg.Testing;

namespace Ttg.Cli.Tests;

/// <summary>submit, jobs, status, watch, cancel, results and delete work the same on SQLite and on Redis.</summary>
public sealed class AdminVerbsTests : IAsyncLifetime
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
    public async Task AdminVerbs_FollowAJobThroughItsLife(string backendKind)
    {
        string[] backend = backendKind == "redis" ? ["--redis", _redis!.Url] : ["--store", _folder.File("ttg.db")];

        var submit = await Ttg(["submit", "square", "--params", "500", "--chunk-size", "50", "--job-id", "life", .. backend]);
        Assert.Equal("life", submit.Stdout.Trim());

        var jobs = await Ttg(["jobs", .. backend]);
        Assert.Contains("life", jobs.Stdout);
        Assert.Contains("Running", jobs.Stdout);

        var status = await Ttg(["status", "life", .. backend]);
        Assert.Contains("0/500", status.Stdout);
        Assert.Contains("pending 10", status.Stdout);

        var worker = await Ttg(["worker", "--job", "life", "--exit-when-idle", .. backend]);
        Assert.Equal(0, worker.ExitCode);

        var watch = await Ttg(["watch", "life", .. backend]);
        Assert.Contains("500/500", watch.Stdout);

        var results = await Ttg(["results", "life", "--out", _folder.File("life.csv"), .. backend]);
        Assert.Contains("500 succeeded", results.Stdout);
        ResultsFile.AssertExactlyOnce(ResultsFile.ReadCsv(_folder.File("life.csv")), 500, i => (double)i * i);

        var delete = await Ttg(["delete", "life", .. backend]);
        Assert.Contains("Deleted", delete.Stdout);
        var gone = await TtgProcess.RunAsync(_folder.Path, ["status", "life", .. backend]);
        Assert.Equal(ExitCodes.BadInput, gone.ExitCode);
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("redis")]
    public async Task Cancel_StopsTheJob_AndKeepsItsStoredResults(string backendKind)
    {
        string[] backend = backendKind == "redis" ? ["--redis", _redis!.Url] : ["--store", _folder.File("ttg.db")];
        await Ttg(["submit", "square", "--params", "300", "--chunk-size", "100", "--job-id", "stopme", .. backend]);

        var cancel = await Ttg(["cancel", "stopme", .. backend]);
        Assert.Contains("Cancelled", cancel.Stdout);

        var worker = await Ttg(["worker", "--job", "stopme", "--exit-when-idle", .. backend]);
        Assert.Equal(0, worker.ExitCode);
        var watch = await TtgProcess.RunAsync(_folder.Path, ["watch", "stopme", .. backend]);
        Assert.Equal(ExitCodes.Incomplete, watch.ExitCode);
        Assert.Contains("0/300", watch.Stdout);
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("redis")]
    public async Task Pause_HoldsTheJobWhileItsWorkerWaits_AndResumeFinishesItExactlyOnce(string backendKind)
    {
        string[] backend = backendKind == "redis" ? ["--redis", _redis!.Url] : ["--store", _folder.File("ttg.db")];
        // Six seconds of work: the pause below (a ttg process started on a busy machine) lands before the job ends.
        await Ttg(["submit", "spin", "--params", "3000", "--work-ms", "2", "--chunk-size", "20", "--job-id", "held", .. backend]);
        using var worker = TtgProcess.Start(_folder.Path, null, ["worker", "--job", "held", "--exit-when-idle", "--concurrency", "1", .. backend]);
        var deadline = DateTime.UtcNow.AddMinutes(1);
        while (await DoneAsync(backend) < 300)
        {
            Assert.False(worker.HasExited, $"the worker left before the pause: {worker.Stdout} {worker.Stderr}");
            Assert.True(DateTime.UtcNow < deadline, $"the worker made no progress in a minute: {worker.Stdout} {worker.Stderr}");
            await Task.Delay(100);
        }

        Assert.Contains("Paused job held", (await Ttg(["pause", "held", .. backend])).Stdout);
        await Task.Delay(1000); // chunks leased before the pause finish
        var held = await DoneAsync(backend);
        await Task.Delay(1000);

        Assert.Equal(held, await DoneAsync(backend));
        Assert.True(held < 3000);
        Assert.False(worker.HasExited, "a worker should wait for a paused job, not leave");
        Assert.Contains("Paused", (await Ttg(["jobs", .. backend])).Stdout);

        Assert.Contains("Resumed job held", (await Ttg(["resume", "held", .. backend])).Stdout);
        Assert.Equal(0, (await worker.WaitAsync(TimeSpan.FromMinutes(1))).ExitCode);
        await Ttg(["results", "held", "--out", _folder.File("held.csv"), .. backend]);
        ResultsFile.AssertExactlyOnce(ResultsFile.ReadCsv(_folder.File("held.csv")), 3000, Serial.Spin);
    }

    private async Task<long> DoneAsync(string[] backend)
    {
        var status = await Ttg(["status", "held", .. backend]);
        return long.Parse(System.Text.RegularExpressions.Regex.Match(status.Stdout.Replace(",", ""), @"(\d+)/3000").Groups[1].Value);
    }

    private async Task<ProcessResult> Ttg(string[] args)
    {
        var result = await TtgProcess.RunAsync(_folder.Path, args);
        Assert.True(result.ExitCode == 0, $"ttg {string.Join(' ', args)}: {result}");
        return result;
    }
}
