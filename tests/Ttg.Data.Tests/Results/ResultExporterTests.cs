using System.Text.Json;
using Ttg.Core.Tests;
using Ttg.Core.Tests.Results;
using Ttg.Jobs;
using Ttg.Results;
using Ttg.Spaces;

namespace Ttg.Data.Tests.Results;

public sealed class ResultExporterTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Csv_HasIndexParametersResultAndError_InIndexOrder()
    {
        var plan = JobPlan.Create(new JobSpec { Computation = "f", Grid = "x=0..2,s=[a,b]", ChunkSize = 4 });
        var store = new FakeJobStore(plan, p => p.Index == 3 ? null : p.GetInt64("x") * 10.0 + p.Index);
        var path = Path.Combine(_dir.Path, "out", "r.csv");

        var summary = await ResultExporter.ExportAsync(store, store.Job, path);

        var lines = await File.ReadAllLinesAsync(path);
        Assert.Equal("index,x,s,result,error", lines[0]);
        Assert.Equal("0,0,a,0,", lines[1]);
        Assert.Equal("3,1,b,,InvalidOperationException: poisoned parameter 3 (fail-on) (attempts 3)", lines[4]);
        Assert.Equal("5,2,b,25,", lines[6]);
        Assert.Equal(7, lines.Length);
        Assert.Equal((6L, 5L, 1L), (summary.Count, summary.Succeeded, summary.Failed));
        Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(path)!, "*.tmp"));
    }

    [Fact]
    public async Task Jsonl_HasTheSameContent_WithJsonTypes()
    {
        var plan = JobPlan.Create(new JobSpec { Computation = "f", Grid = "x=0..2,s=[a,b]", ChunkSize = 4 });
        var store = new FakeJobStore(plan, p => p.Index == 3 ? null : p.GetInt64("x") * 10.0 + p.Index);
        var path = Path.Combine(_dir.Path, "r.jsonl");

        await ResultExporter.ExportAsync(store, store.Job, path);

        var rows = (await File.ReadAllLinesAsync(path)).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(6, rows.Count);
        Assert.Equal(1, rows[1].GetProperty("index").GetInt64());
        Assert.Equal(0, rows[1].GetProperty("x").GetInt64());
        Assert.Equal("b", rows[1].GetProperty("s").GetString());
        Assert.Equal(1.0, rows[1].GetProperty("result").GetDouble());
        Assert.False(rows[1].TryGetProperty("error", out _));
        Assert.Equal("InvalidOperationException: poisoned parameter 3 (fail-on) (attempts 3)", rows[3].GetProperty("error").GetString());
        Assert.False(rows[3].TryGetProperty("result", out _));
    }

    [Fact]
    public async Task Records_GetOneColumnPerField()
    {
        var plan = JobPlan.Create(new JobSpec { Computation = "f", Params = 3 });
        var store = new FakeJobStore(plan, p => Result.Record(("loss", p.Index * 0.5), ("label", $"n{p.Index}")));
        var csv = Path.Combine(_dir.Path, "r.csv");
        var jsonl = Path.Combine(_dir.Path, "r.jsonl");

        var summary = await ResultExporter.ExportAsync(store, store.Job, csv);
        await ResultExporter.ExportAsync(store, store.Job, jsonl);

        Assert.Equal(new[] { "index,loss,label,error", "0,0,n0,", "1,0.5,n1,", "2,1,n2," }, await File.ReadAllLinesAsync(csv));
        Assert.Equal("{\"index\":2,\"loss\":1,\"label\":\"n2\"}", (await File.ReadAllLinesAsync(jsonl))[2]);
        Assert.Equal(0, summary.BestIndex);
        Assert.Empty(summary.BestParameters);
    }

    [Fact]
    public async Task Summary_ComputesStats_AndBestParameters_ForEachGoal()
    {
        var plan = JobPlan.Create(new JobSpec { Computation = "f", Grid = "x=-2:2:5,y=[1,2]", ChunkSize = 3 });
        var store = new FakeJobStore(plan, p => p.Index == 0 ? null : (p.GetDouble("x") - 1) * (p.GetDouble("x") - 1) + p.GetDouble("y"));

        var min = await ResultExporter.SummarizeAsync(store, store.Job);
        var max = await ResultExporter.SummarizeAsync(store, store.Job, ResultGoal.Maximize);

        Assert.Equal(10, min.Count);
        Assert.Equal(1, min.Failed);
        Assert.Equal(1.0, min.Min);
        Assert.Equal(11.0, min.Max);
        Assert.Equal(new[] { 9.0 + 2, 4 + 1, 4 + 2, 1 + 1, 1 + 2, 0 + 1, 0 + 2, 1 + 1, 1 + 2 }.Average(), min.Mean!.Value, 12);
        Assert.Equal(6, min.BestIndex);
        Assert.Equal(new[] { KeyValuePair.Create("x", Value.FromDouble(1)), KeyValuePair.Create("y", Value.FromInt64(1)) }, min.BestParameters);
        Assert.Equal(1.0, min.BestResult!.Value.Scalar.AsDouble());
        Assert.Equal(1, max.BestIndex);
        Assert.Equal(Value.FromDouble(-2), max.BestParameters[0].Value);
        Assert.Equal(0, Assert.Single(min.Failures).Index);
    }

    [Fact]
    public async Task Summary_KeepsOnlyTheFirstHundredFailures()
    {
        var plan = JobPlan.Create(new JobSpec { Computation = "f", Params = 250, ChunkSize = 30 });
        var store = new FakeJobStore(plan, _ => null);

        var summary = await ResultExporter.SummarizeAsync(store, store.Job);

        Assert.Equal(250, summary.Failed);
        Assert.Equal(100, summary.Failures.Count);
        Assert.Equal(99, summary.Failures[^1].Index);
        Assert.Null(summary.Min);
        Assert.Null(summary.BestIndex);
        Assert.Null(summary.BestResult);
    }

    [Fact]
    public async Task InputFileParameters_AreExportedFromChunkPayloads()
    {
        var input = _dir.File("p.csv", "city,pop\nParis,2.1\nLyon,0.5\nNice,0.3\n");
        var plan = JobPlan.Create(new JobSpec { Computation = "f", Input = input, ChunkSize = 2 }, inputs: InputFileReader.Instance);
        var store = new FakeJobStore(plan, p => p.GetDouble("pop") * 2);
        var path = Path.Combine(_dir.Path, "r.csv");

        var summary = await ResultExporter.ExportAsync(store, store.Job, path);

        Assert.Equal(new[] { "index,city,pop,result,error", "0,Paris,2.1,4.2,", "1,Lyon,0.5,1,", "2,Nice,0.3,0.6," }, await File.ReadAllLinesAsync(path));
        Assert.Equal("Nice", summary.BestParameters.Single(p => p.Key == "city").Value.ToString());
    }

    [Fact]
    public async Task FailedExport_LeavesNoFile_AndKeepsAnOldOne()
    {
        var plan = JobPlan.Create(new JobSpec { Computation = "f", Params = 1000, ChunkSize = 10 });
        var store = new FakeJobStore(plan, p => p.Index);
        var path = _dir.File("r.csv", "old content");
        using var cts = new CancellationTokenSource();
        var job = store.Job;
        cts.CancelAfter(TimeSpan.Zero);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => ResultExporter.ExportAsync(store, job, path, cancellationToken: cts.Token));

        Assert.Equal("old content", await File.ReadAllTextAsync(path));
        Assert.Single(Directory.GetFiles(_dir.Path));
    }

    [Fact]
    public async Task Export_RejectsUnknownExtension()
    {
        var plan = JobPlan.Create(new JobSpec { Computation = "f", Params = 1 });
        var store = new FakeJobStore(plan, p => p.Index);

        var ex = await Assert.ThrowsAsync<ArgumentException>(() => ResultExporter.ExportAsync(store, store.Job, Path.Combine(_dir.Path, "r.txt")));

        Assert.Contains(".csv, .jsonl or .parquet", ex.Message);
    }

    [Fact]
    public async Task LargeExport_StreamsInBoundedMemory()
    {
        var plan = JobPlan.Create(new JobSpec { Computation = "f", Params = 200_000, ChunkSize = 1000 });
        var store = new FakeJobStore(plan, p => p.Index * 0.25);
        var path = Path.Combine(_dir.Path, "big.csv");

        var summary = await ResultExporter.ExportAsync(store, store.Job, path);

        Assert.Equal(200_000, summary.Count);
        Assert.Equal(200_001, File.ReadLines(path).Count());
        Assert.Equal("199999,49999.75,", File.ReadLines(path).Last());
        Assert.Equal(1, store.Reads); // read and decoded once (JobResults); a job over MaxKeptOutcomes is read once more
    }
}
