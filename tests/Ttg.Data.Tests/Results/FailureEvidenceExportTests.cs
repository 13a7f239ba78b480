using System.Text.Json;
using Ttg.Core.Tests;
using Ttg.Core.Tests.Results;
using Ttg.Jobs;
using Ttg.Reports;
using Ttg.Results;

namespace Ttg.Data.Tests.Results;

/// <summary>A failed parameter's evidence (type, message, attempts, bounded stack trace) reaches every export and the report.</summary>
public sealed class FailureEvidenceExportTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Trace_IsInJsonl_Parquet_AndTheReport()
    {
        var plan = JobPlan.Create(new JobSpec { Computation = "f", Params = 4 });
        var store = new FakeJobStore(plan, p => p.Index == 2 ? null : p.Index, failure: _ => ParameterFailure.From(Thrown(), 3));

        await ResultExporter.ExportAsync(store, store.Job, Path.Combine(_dir.Path, "r.jsonl"));
        await ResultExporter.ExportAsync(store, store.Job, Path.Combine(_dir.Path, "r.parquet"));
        var html = HtmlReport.Render(await JobReportBuilder.BuildAsync(store, store.Job, ResultGoal.Minimize, TimeProvider.System));

        var row = JsonDocument.Parse(File.ReadLines(Path.Combine(_dir.Path, "r.jsonl")).ElementAt(2)).RootElement;
        Assert.Equal("System.InvalidOperationException", row.GetProperty("errorType").GetString());
        Assert.Equal("bad parameter", row.GetProperty("errorMessage").GetString());
        Assert.Equal(3, row.GetProperty("attempts").GetInt32());
        Assert.Contains(nameof(Thrown), row.GetProperty("stackTrace").GetString());

        var parquet = await ParquetTable.ReadAsync(Path.Combine(_dir.Path, "r.parquet"));
        Assert.Equal("bad parameter", parquet.Columns["errorMessage"][2]);
        Assert.Equal(3L, parquet.Columns["attempts"][2]);
        Assert.Contains(nameof(Thrown), (string)parquet.Columns["stackTrace"][2]!);
        Assert.Null(parquet.Columns["stackTrace"][1]);

        Assert.Contains("<summary>stack trace</summary>", html);
        Assert.Contains(nameof(Thrown), html);
    }

    private static Exception Thrown()
    {
        try
        {
            throw new InvalidOperationException("bad parameter", new FormatException("the cause"));
        }
        catch (InvalidOperationException ex)
        {
            return ex;
        }
    }
}
