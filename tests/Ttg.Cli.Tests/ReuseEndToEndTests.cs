using Ttg.Redis;
using Ttg.Testing;
using Ttg.WorkQueue;

namespace Ttg.Cli.Tests;

/// <summary>`--reuse` with real worker processes on a real SQLite file and a real redis-server: a grown grid computes only its new points.</summary>
public sealed class ReuseEndToEndTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Theory]
    [InlineData("sqlite")]
    [InlineData("redis")]
    public async Task GrownGrid_ComputesOnlyTheNewPoints_AndItsResultsEqualAFreshFullRun(string backend)
    {
        await using var redis = backend == "redis" ? await RedisServerProcess.StartAsync() : null;
        var store = redis?.Url ?? _folder.File("ttg.db");
        var storeFlag = redis is null ? "--store" : "--redis";
        var small = await TtgProcess.RunAsync(_folder.Path, "run", "rosenbrock", "--grid", "x=-2:2:100,y=-1:3:100", "--workers", "2", "--job-id", "small", storeFlag, store);
        Assert.True(small.ExitCode == 0, small.ToString());

        var grown = await TtgProcess.RunAsync(_folder.Path,
            "run", "rosenbrock", "--grid", "x=-2:2:199,y=-1:3:199", "--reuse", "--workers", "2", "--job-id", "grown", "--out", _folder.File("grown.csv"), storeFlag, store);
        var fresh = await TtgProcess.RunAsync(_folder.Path,
            "run", "rosenbrock", "--grid", "x=-2:2:199,y=-1:3:199", "--workers", "2", "--job-id", "fresh", "--out", _folder.File("fresh.csv"), storeFlag, store);

        Assert.True(grown.ExitCode == 0, grown.ToString());
        Assert.True(fresh.ExitCode == 0, fresh.ToString());
        Assert.Contains("Reused 10,000 results (from small); 29,601 parameters to compute.", grown.Stdout);
        var progress = await ProgressAsync(store, "grown");
        Assert.Equal(199 * 199, progress.Done);
        Assert.Equal(29_601, progress.ParametersByWorker.Values.Sum()); // what workers computed: the new points only
        Assert.Equal(199 * 199, (await ProgressAsync(store, "fresh")).ParametersByWorker.Values.Sum());
        Assert.Equal(File.ReadAllLines(_folder.File("fresh.csv")), File.ReadAllLines(_folder.File("grown.csv")));
    }

    [Fact]
    public async Task Reuse_WithNothingEarlier_ComputesEverything_AndSaysSo()
    {
        var submitted = await TtgProcess.RunAsync(_folder.Path, "submit", "square", "--params", "50", "--reuse", "--store", _folder.File("ttg.db"));

        Assert.True(submitted.ExitCode == 0, submitted.ToString());
        Assert.Contains("Reused 0 results (no earlier job of the same computation, version and arguments matched); 50 parameters to compute.", submitted.Stderr);
    }

    private static async Task<JobProgress> ProgressAsync(string store, string jobId)
    {
        if (!store.StartsWith("redis://", StringComparison.Ordinal))
        {
            return await StoreProbe.ProgressAsync(store, jobId);
        }

        await using var backend = await RedisBackend.ConnectAsync(new RedisBackendOptions { Url = store });
        return await backend.GetProgressAsync(jobId) ?? throw new InvalidOperationException($"no job {jobId}");
    }
}
