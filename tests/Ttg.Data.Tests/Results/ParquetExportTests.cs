using Ttg.Core.Tests;
using Ttg.Core.Tests.Results;
using Ttg.Jobs;
using Ttg.Results;
using Ttg.Spaces;

namespace Ttg.Data.Tests.Results;

public sealed class ParquetExportTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Parquet_HasTheCsvColumns_WithTypesFromTheGrid()
    {
        var plan = JobPlan.Create(new JobSpec { Computation = "f", Grid = "x=0..2,s=[a,b],w=-1:1:2", ChunkSize = 4 });
        var store = new FakeJobStore(plan, p => p.Index == 3 ? null : p.GetInt64("x") * 10.0 + p.Index);
        var path = Path.Combine(_dir.Path, "out", "r.parquet");

        var summary = await ResultExporter.ExportAsync(store, store.Job, path);

        var table = await ParquetTable.ReadAsync(path);
        Assert.Equal(new[] { "index", "x", "s", "w", "result", "error", "errorType", "errorMessage", "attempts", "stackTrace" }, table.Fields.Select(f => f.Name));
        Assert.Equal((typeof(long), false), (table.TypeOf("index"), table.IsNullable("index")));
        Assert.Equal(typeof(long), table.TypeOf("x"));
        Assert.Equal(typeof(string), table.TypeOf("s"));
        Assert.Equal(typeof(double), table.TypeOf("w"));
        Assert.Equal(typeof(double), table.TypeOf("result"));
        Assert.Equal(12, table.RowCount);
        Assert.Equal(Enumerable.Range(0, 12).Select(i => (object?)(long)i), table.Columns["index"]);
        Assert.Equal(new object?[] { 0L, 0L, 0L, 0L, 1L }, table.Columns["x"].Take(5));
        Assert.Equal(new object?[] { "a", "a", "b", "b", "a" }, table.Columns["s"].Take(5));
        Assert.Equal(new object?[] { -1.0, 1.0, -1.0, 1.0 }, table.Columns["w"].Take(4));
        Assert.Equal(new object?[] { 0.0, 1.0, 2.0, null, 14.0 }, table.Columns["result"].Take(5));
        Assert.Equal("InvalidOperationException: poisoned parameter 3 (fail-on) (attempts 3)", table.Columns["error"][3]);
        Assert.All(table.Columns["error"].Where((_, i) => i != 3), Assert.Null);
        Assert.Equal(1, summary.Failed);
        Assert.Single(Directory.GetFiles(Path.GetDirectoryName(path)!));
    }

    [Fact]
    public async Task Parquet_TypesRecordFields_FromTheirValues()
    {
        var plan = JobPlan.Create(new JobSpec { Computation = "f", Params = 3 });
        var store = new FakeJobStore(plan, p => Result.Record(("loss", p.Index * 0.5), ("label", $"n{p.Index}"), ("ok", p.Index % 2 == 0), ("steps", p.Index * 7)));
        var path = Path.Combine(_dir.Path, "r.parquet");

        await ResultExporter.ExportAsync(store, store.Job, path);

        var table = await ParquetTable.ReadAsync(path);
        Assert.Equal(new[] { "index", "loss", "label", "ok", "steps", "error", "errorType", "errorMessage", "attempts", "stackTrace" }, table.Fields.Select(f => f.Name));
        Assert.Equal(new[] { typeof(long), typeof(double), typeof(string), typeof(bool), typeof(long), typeof(string), typeof(string), typeof(string), typeof(long), typeof(string) }, table.Types);
        Assert.Equal(new object?[] { 0.0, 0.5, 1.0 }, table.Columns["loss"]);
        Assert.Equal(new object?[] { "n0", "n1", "n2" }, table.Columns["label"]);
        Assert.Equal(new object?[] { true, false, true }, table.Columns["ok"]);
        Assert.Equal(new object?[] { 0L, 7L, 14L }, table.Columns["steps"]);
    }

    [Fact]
    public async Task Parquet_InfersInputFileColumns()
    {
        var input = _dir.File("p.csv", "city,pop\nParis,2.1\nLyon,1\nNice,0.3\n");
        var plan = JobPlan.Create(new JobSpec { Computation = "f", Input = input, ChunkSize = 2 }, inputs: InputFileReader.Instance);
        var store = new FakeJobStore(plan, p => p.GetDouble("pop") * 2);
        var path = Path.Combine(_dir.Path, "r.parquet");

        await ResultExporter.ExportAsync(store, store.Job, path);

        var table = await ParquetTable.ReadAsync(path);
        Assert.Equal(typeof(string), table.TypeOf("city"));
        Assert.Equal(typeof(double), table.TypeOf("pop"));
        Assert.Equal(new object?[] { 2.1, 1.0, 0.3 }, table.Columns["pop"]);
        Assert.Equal(new object?[] { 4.2, 2.0, 0.6 }, table.Columns["result"]);
    }

    [Fact]
    public async Task LargeParquet_IsWrittenInBoundedRowGroups()
    {
        var plan = JobPlan.Create(new JobSpec { Computation = "f", Params = 200_000, ChunkSize = 1000 });
        var store = new FakeJobStore(plan, p => p.Index * 0.25);
        var path = Path.Combine(_dir.Path, "big.parquet");

        var summary = await ResultExporter.ExportAsync(store, store.Job, path);

        var table = await ParquetTable.ReadAsync(path);
        Assert.Equal(200_000, summary.Count);
        Assert.Equal(4, table.RowGroups);
        Assert.Equal(200_000, table.RowCount);
        Assert.Equal(199_999L, table.Columns["index"][^1]);
        Assert.Equal(49_999.75, table.Columns["result"][^1]);
        Assert.Equal(1, store.Reads); // the schema, the summary and the rows from one read
    }

    [Fact]
    public async Task EmptyJob_GivesAParquetFileWithColumnsAndNoRows()
    {
        var plan = JobPlan.Create(new JobSpec { Computation = "f", Grid = "x=0..1" });
        var store = new FakeJobStore(plan, p => p.Index, storeChunks: false);
        var path = Path.Combine(_dir.Path, "r.parquet");

        await ResultExporter.ExportAsync(store, store.Job, path);

        var table = await ParquetTable.ReadAsync(path);
        Assert.Equal(new[] { "index", "x", "result", "error", "errorType", "errorMessage", "attempts", "stackTrace" }, table.Fields.Select(f => f.Name));
        Assert.Equal(0, table.RowCount);
    }
}
