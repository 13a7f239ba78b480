using System.Globalization;
using Ttg.Jobs;
using Ttg.Spaces;
using Ttg.Sqlite;
using Ttg.WorkQueue;

namespace Ttg.Cli.Tests;

/// <summary>
/// Sampled spaces through real processes and a real SQLite store: the points a reclaimed chunk is computed with are
/// the ones its first holder had, and every stored result is the computation of the point the test derives itself.
/// </summary>
public sealed class SampledSpaceEndToEndTests : IDisposable
{
    private const string Grid = "x=-2:2,y=-1:3";
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Theory]
    [InlineData("sobol:100000")]
    [InlineData("lhs:100000")]
    public async Task ChunkWhoseLeaseLapsed_IsRecomputedByAnotherWorker_WithTheSamePoints(string sample)
    {
        var store = _folder.File("ttg.db");
        var submitted = await TtgProcess.RunAsync(_folder.Path,
            "submit", "rosenbrock", "--grid", Grid, "--sample", sample, "--seed", "7", "--chunk-size", "5000", "--lease", "1", "--job-id", "s", "--store", store);
        Assert.True(submitted.ExitCode == 0, submitted.ToString());

        // A first holder leases a chunk, reads its points as a worker would (from the stored spec) and vanishes.
        ChunkLease abandoned;
        Dictionary<long, double> firstHolder = [];
        await using (var backend = await SqliteBackend.OpenAsync(new SqliteBackendOptions { Path = store }))
        {
            abandoned = Assert.Single(await backend.LeaseAsync(new LeaseRequest("vanished", 1, ["rosenbrock"])));
            var job = await backend.GetJobAsync("s") ?? throw new InvalidOperationException("no job s");
            var source = JobPlan.FromStoredJson(job.SpecJson).Space.SourceFor(abandoned.Start, abandoned.Payload)!;
            for (var i = abandoned.Start; i < abandoned.Start + abandoned.Count; i++)
            {
                firstHolder[i] = Rosenbrock(source.GetValue(i, 0).AsDouble(), source.GetValue(i, 1).AsDouble());
            }
        }

        await Task.Delay(TimeSpan.FromSeconds(1.5)); // past the 1 s lease
        var worked = await TtgProcess.RunAsync(_folder.Path, "worker", "--exit-when-idle", "--store", store);
        Assert.True(worked.ExitCode == 0, worked.ToString());
        var progress = await StoreProbe.ProgressAsync(store, "s");
        Assert.Equal(100_000, progress.Done);
        Assert.True(progress.ReclaimedChunks >= 1, $"reclaimed {progress.ReclaimedChunks}");

        var output = _folder.File("results.csv");
        var exported = await TtgProcess.RunAsync(_folder.Path, "results", "s", "--out", output, "--store", store);
        Assert.True(exported.ExitCode == 0, exported.ToString());
        var rows = ResultsFile.ReadCsv(output);
        var expected = SampledSpace.Parse(Grid, sample, 7);
        Assert.Equal(100_000, rows.Count);
        foreach (var row in rows)
        {
            var index = long.Parse(row["index"], CultureInfo.InvariantCulture);
            var (x, y) = (expected.GetValue(index, 0).AsDouble(), expected.GetValue(index, 1).AsDouble());
            var result = double.Parse(row["result"], CultureInfo.InvariantCulture);
            Assert.Equal(x, double.Parse(row["x"], CultureInfo.InvariantCulture));
            Assert.Equal(y, double.Parse(row["y"], CultureInfo.InvariantCulture));
            Assert.Equal(Rosenbrock(x, y), result);
            if (firstHolder.TryGetValue(index, out var first))
            {
                Assert.Equal(first, result);
            }
        }
    }

    [Fact]
    public async Task BadSampleFlags_AreExit2_WithOneLine()
    {
        var store = _folder.File("ttg.db");

        var count = await TtgProcess.RunAsync(_folder.Path, "submit", "rosenbrock", "--grid", "x=-2:2:41,y=-1:3", "--sample", "sobol:100", "--store", store);
        var seed = await TtgProcess.RunAsync(_folder.Path, "submit", "rosenbrock", "--grid", Grid, "--sample", "lhs:100", "--seed", "-3", "--store", store);
        var alone = await TtgProcess.RunAsync(_folder.Path, "submit", "square", "--params", "10", "--seed", "3", "--store", store);

        Assert.Equal(ExitCodes.BadInput, count.ExitCode);
        Assert.Contains("has a point count, but a sample draws its own points", count.Stderr);
        Assert.Equal(ExitCodes.BadInput, seed.ExitCode);
        Assert.Contains("--seed", seed.Stderr);
        Assert.Equal(ExitCodes.BadInput, alone.ExitCode);
        Assert.Contains("--seed chooses the points of a --sample", alone.Stderr);
        Assert.All(new[] { count, seed, alone }, r => Assert.Single(r.Stderr.Trim().Split('\n')));
    }

    // The same operations, in the same order, as the built-in computation: the results compare exactly.
    private static double Rosenbrock(double x, double y)
    {
        var dx = 1 - x;
        var dy = y - (x * x);
        return (dx * dx) + (100 * dy * dy);
    }
}
