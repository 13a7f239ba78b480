using System.Text.Json;
using Ttg.Core.Tests;
using Ttg.Core.Tests.Results;
using Ttg.Jobs;
using Ttg.Results;

namespace Ttg.Data.Tests.Results;

/// <summary>Results whose shape changes from parameter to parameter: every field exported, typed on its own, the same in CSV, JSONL and Parquet.</summary>
public sealed class AnyShapeExportTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    /// <summary>The four shapes of the issue, in turn: two records with different fields, a number, a string.</summary>
    internal static Result FourShapes(Parameter p) => (p.Index % 4) switch
    {
        0 => Result.Record(("a", 1), ("b", 2)),
        1 => Result.Record(("c", "text"), ("a", 3)),
        2 => 42.0,
        _ => "just a string",
    };

    [Fact]
    public async Task FourShapes_ExportEveryField_AndTheThreeFormatsAgree()
    {
        var plan = JobPlan.Create(new JobSpec { Computation = "f", Params = 8, ChunkSize = 3 });
        var store = new FakeJobStore(plan, p => FourShapes(p));
        string?[][] expected =
        [
            ["0", "1", "2", null, null], ["1", "3", null, "text", null], ["2", null, null, null, "42"], ["3", null, null, null, "just a string"],
            ["4", "1", "2", null, null], ["5", "3", null, "text", null], ["6", null, null, null, "42"], ["7", null, null, null, "just a string"],
        ];

        var summary = await ResultExporter.ExportAsync(store, store.Job, _dir.File("r.csv", ""));
        await ResultExporter.ExportAsync(store, store.Job, Path.Combine(_dir.Path, "r.jsonl"));
        await ResultExporter.ExportAsync(store, store.Job, Path.Combine(_dir.Path, "r.parquet"));

        Assert.Equal(["result"], summary.MixedColumns);
        Assert.Equal("a", summary.Metric); // result is text here, so the first numeric field ranks

        var csv = await File.ReadAllLinesAsync(Path.Combine(_dir.Path, "r.csv"));
        Assert.Equal("index,a,b,c,result,error", csv[0]);
        Assert.Equal(expected.Select(r => string.Join(",", r.Select(c => c ?? "")) + ","), csv[1..]);

        var jsonl = (await File.ReadAllLinesAsync(Path.Combine(_dir.Path, "r.jsonl"))).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(expected, jsonl.Select(row => new[] { "index", "a", "b", "c", "result" }.Select(name => Text(row.GetProperty(name))).ToArray()));
        Assert.Equal(JsonValueKind.Number, jsonl[0].GetProperty("a").ValueKind);
        Assert.Equal(JsonValueKind.String, jsonl[2].GetProperty("result").ValueKind);

        var parquet = await ParquetTable.ReadAsync(Path.Combine(_dir.Path, "r.parquet"));
        Assert.Equal(["index", "a", "b", "c", "result", "error", "errorType", "errorMessage", "attempts", "stackTrace"], parquet.Fields.Select(f => f.Name));
        Assert.Equal([typeof(long), typeof(long), typeof(long), typeof(string), typeof(string), typeof(string), typeof(string), typeof(string), typeof(long), typeof(string)], parquet.Types);
        Assert.Equal(expected, Enumerable.Range(0, 8).Select(i => new[] { "index", "a", "b", "c", "result" }.Select(name => parquet.Columns[name][i]?.ToString()).ToArray()));
    }

    [Fact]
    public async Task Metric_ChoosesTheRankedField_AndRejectsAFieldThatIsNotNumeric()
    {
        var plan = JobPlan.Create(new JobSpec { Computation = "f", Params = 10 });
        var store = new FakeJobStore(plan, p => Result.Record(("loss", 10.0 - p.Index), ("value", (double)p.Index), ("label", "x")));

        var byDefault = await ResultExporter.SummarizeAsync(store, store.Job);
        var byLoss = await ResultExporter.SummarizeAsync(store, store.Job, metric: "loss");

        Assert.Equal(("value", 0L), (byDefault.Metric, byDefault.BestIndex!.Value));
        Assert.Equal(("loss", 9L), (byLoss.Metric, byLoss.BestIndex!.Value));
        var ex = await Assert.ThrowsAsync<JobSpecException>(() => ResultExporter.SummarizeAsync(store, store.Job, metric: "label"));
        Assert.Contains("loss, value", ex.Message);
    }

    [Fact]
    public async Task Parquet_TypesEveryRow_NotJustTheFirstRowGroup()
    {
        var plan = JobPlan.Create(new JobSpec { Computation = "f", Params = 70_000, ChunkSize = 1000 });
        var store = new FakeJobStore(plan, p => p.Index < 69_000 ? Result.Of(p.Index) : Result.Of("late text"));
        var path = Path.Combine(_dir.Path, "r.parquet");

        var summary = await ResultExporter.ExportAsync(store, store.Job, path);

        var table = await ParquetTable.ReadAsync(path);
        Assert.Equal(typeof(string), table.TypeOf("result"));
        Assert.Equal("68999", table.Columns["result"][68_999]);
        Assert.Equal("late text", table.Columns["result"][69_000]);
        Assert.Equal(["result"], summary.MixedColumns);
    }

    private static string? Text(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Null => null,
        JsonValueKind.String => element.GetString(),
        _ => element.GetRawText(),
    };
}
