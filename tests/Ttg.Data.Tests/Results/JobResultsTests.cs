using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using Ttg.Core.Tests;
using Ttg.Core.Tests.Results;
using Ttg.Jobs;
using Ttg.Reports;
using Ttg.Results;

namespace Ttg.Data.Tests.Results;

/// <summary>The read model: one read of the store serves the summary of any field, every export format and the report.</summary>
public sealed class JobResultsTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task OneRead_ServesEverySummary_EveryExport_AndTheReport()
    {
        var plan = JobPlan.Create(new JobSpec { Computation = "f", Grid = "x=0:1:30,y=0:1:20", ChunkSize = 37 });
        var store = new FakeJobStore(plan, p => p.Index % 97 == 5 ? (Result?)null : Result.Record(("loss", Loss(p.Index)), ("score", (double)(p.Index % 41))));

        var results = await JobResults.ReadAsync(store, store.Job);
        var byLoss = results.Summarize(ResultGoal.Minimize, "loss");
        var byScore = results.Summarize(ResultGoal.Maximize, "score");
        await results.ExportAsync(new MemoryStream(), ExportFormat.Csv);
        await results.ExportAsync(new MemoryStream(), ExportFormat.Jsonl);
        await results.ExportToFileAsync(Path.Combine(_dir.Path, "r.parquet"));
        var report = await JobReportBuilder.BuildAsync(results, ResultGoal.Minimize, "score", new FakeTimeProvider());

        Assert.Equal(1, store.Reads);
        Assert.True(results.IsKept);

        // Each summary equals a scan of the values the computation produced.
        var succeeded = Enumerable.Range(0, 600).Where(i => i % 97 != 5).ToList();
        Assert.Equal((600L, (long)succeeded.Count, 600L - succeeded.Count), (byLoss.Count, byLoss.Succeeded, byLoss.Failed));
        Assert.Equal(succeeded.Min(i => Loss(i)), byLoss.Min);
        Assert.Equal(succeeded.Average(i => Loss(i)), byLoss.Mean!.Value, 9);
        Assert.Equal(succeeded.OrderBy(i => Loss(i)).First(), byLoss.BestIndex);
        Assert.Equal("loss", byLoss.Metric);
        Assert.Equal(40.0, byScore.Max);
        Assert.Equal(succeeded.First(i => i % 41 == 40), byScore.BestIndex);
        Assert.Equal(new[] { "x", "y" }, byScore.BestParameters.Select(p => p.Key));
        Assert.Equal("score", report.Summary.Metric);
        Assert.Equal(new[] { "score", "loss" }, report.Histograms.Select(h => h.Key));
        Assert.Equal(succeeded.Count, report.Histogram!.Total);
    }

    [Fact]
    public async Task ABiggerJobThanIsKept_IsReadAgainByEachExport_AndStillWritesEveryRow()
    {
        var count = JobResults.MaxKeptOutcomes + 1000;
        var plan = JobPlan.Create(new JobSpec { Computation = "f", Params = count, ChunkSize = 4096 });
        var store = new FakeJobStore(plan, p => p.Index * 0.5);

        var results = await JobResults.ReadAsync(store, store.Job);
        var output = new MemoryStream();
        var rows = await results.ExportAsync(output, ExportFormat.Csv);

        Assert.False(results.IsKept);
        Assert.Equal(2, store.Reads);
        Assert.Equal(count, rows);
        var lines = Encoding.UTF8.GetString(output.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(count + 1, lines.Length);
        Assert.Equal($"{count - 1},{((count - 1) * 0.5).ToString(CultureInfo.InvariantCulture)},", lines[^1]);
        Assert.Equal(count, results.Summarize().Count);
    }

    [Theory]
    [InlineData(ExportFormat.Csv)]
    [InlineData(ExportFormat.Jsonl)]
    public async Task Export_ToAStreamThatOnlyTakesAsyncWrites_WritesEveryRow_AndLeavesItOpen(ExportFormat format)
    {
        var plan = JobPlan.Create(new JobSpec { Computation = "f", Params = 20_000, ChunkSize = 500 });
        var store = new FakeJobStore(plan, p => p.Index == 7 ? (Result?)null : Result.Record(("v", (double)p.Index), ("label", $"n{p.Index}")));
        var file = Path.Combine(_dir.Path, format == ExportFormat.Csv ? "r.csv" : "r.jsonl");
        var results = await JobResults.ReadAsync(store, store.Job);
        await using var sink = new AsyncOnlyStream();

        await results.ExportAsync(sink, format);
        await results.ExportToFileAsync(file);

        Assert.False(sink.Closed);
        Assert.Equal(await File.ReadAllBytesAsync(file), sink.Written);
        var lines = Encoding.UTF8.GetString(sink.Written).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(format == ExportFormat.Csv ? 20_001 : 20_000, lines.Length);
        if (format == ExportFormat.Jsonl)
        {
            Assert.Equal("n19999", JsonDocument.Parse(lines[^1]).RootElement.GetProperty("label").GetString());
        }
        else
        {
            Assert.Equal("19999,19999,n19999,", lines[^1]);
        }
    }

    [Fact]
    public async Task AMetricThatIsNoNumericField_IsRefused_BeforeAnyRowIsWritten()
    {
        var plan = JobPlan.Create(new JobSpec { Computation = "f", Params = 10 });
        var store = new FakeJobStore(plan, p => Result.Record(("v", (double)p.Index), ("label", "x")));
        var path = Path.Combine(_dir.Path, "r.csv");

        await Assert.ThrowsAsync<JobSpecException>(() => ResultExporter.ExportAsync(store, store.Job, path, metric: "label"));

        Assert.False(File.Exists(path));
        Assert.Empty(Directory.GetFiles(_dir.Path));
    }

    private static double Loss(long index) => Math.Abs(index - 300.5) * 0.25;
}
