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

    private async Task<ProcessResult> Ttg(string[] args)
    {
        var result = await TtgProcess.RunAsync(_folder.Path, args);
        Assert.True(result.ExitCode == 0, $"ttg {string.Join(' ', args)}: {result}");
        return result;
    }
}
