using Parquet;

namespace Ttg.Cli.Tests;

/// <summary>Parquet export and the HTML report through real `ttg` processes.</summary>
public sealed class ExportAndReportEndToEndTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Run_WithParquetOut_WritesEveryParameterOnce_WithTypedColumns()
    {
        var output = _folder.File("results.parquet");

        var result = await TtgProcess.RunAsync(_folder.Path,
            "run", "square", "--params", "3000", "--fail-on", "17", "--max-attempts", "2", "--chunk-size", "100", "--workers", "2",
            "--out", output, "--store", _folder.File("ttg.db"));

        Assert.True(result.ExitCode == ExitCodes.ParametersFailed, result.ToString());
        await using var reader = await ParquetReader.CreateAsync(output);
        var fields = reader.Schema.GetDataFields();
        Assert.Equal(new[] { "index", "result", "error", "errorType", "errorMessage", "attempts", "stackTrace" }, fields.Select(f => f.Name));
        var group = reader.OpenRowGroupReader(0);
        Assert.Equal(1, reader.RowGroupCount);
        Assert.Equal(3000, group.RowCount);
        var indexes = new long[3000];
        var results = new double?[3000];
        var errors = new string?[3000];
        await group.ReadAsync<long>(fields[0], indexes.AsMemory());
        await group.ReadAsync<double>(fields[1], results.AsMemory());
        await group.ReadAsync(fields[2], errors.AsMemory());
        Assert.Equal(Enumerable.Range(0, 3000).Select(i => (long)i), indexes);
        Assert.Null(results[17]);
        Assert.Contains("attempts", errors[17]);
        Assert.All(Enumerable.Range(0, 3000).Where(i => i != 17), i => Assert.Equal((double)i * i, results[i]));
        Assert.All(errors.Where((_, i) => i != 17), Assert.Null);
    }

    [Fact]
    public async Task Report_OfAGridJob_IsOneHtmlFile_WithHeatmapAndBestParameters()
    {
        var store = _folder.File("ttg.db");
        var run = await TtgProcess.RunAsync(_folder.Path, "run", "rosenbrock", "--grid", "x=-2:2:41,y=-1:3:41", "--workers", "1", "--job-id", "rosen", "--store", store);
        Assert.True(run.ExitCode == 0, run.ToString());
        var path = _folder.File("report.html");

        var report = await TtgProcess.RunAsync(_folder.Path, "report", "rosen", "--out", path, "--store", store);

        Assert.True(report.ExitCode == 0, report.ToString());
        Assert.Contains("Wrote the report", report.Stdout);
        var html = await File.ReadAllTextAsync(path);
        Assert.Contains("x=1, y=1", html);
        Assert.Contains("Result over x × y", html);
        Assert.Contains("data:image/png;base64,", html);
        Assert.DoesNotContain("<script", html);
    }

    [Fact]
    public async Task Report_RejectsANonHtmlPath_BeforeReadingTheStore()
    {
        var result = await TtgProcess.RunAsync(_folder.Path, "report", "no-such-job", "--out", _folder.File("r.csv"), "--store", _folder.File("ttg.db"));

        Assert.Equal(ExitCodes.BadInput, result.ExitCode);
        Assert.Contains("must be an .html file", result.Stderr);
    }
}
