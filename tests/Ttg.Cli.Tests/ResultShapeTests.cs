using Ttg.Testing;

namespace Ttg.Cli.Tests;

/// <summary>Results of changing shape through the command line: every field exported, mixed fields noted, <c>--metric</c> naming the ranked field.</summary>
public sealed class ResultShapeTests : IDisposable
{
    private readonly TempFolder _folder = new();

    private string Store => _folder.File("ttg.db");

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task FourShapes_ExportEveryField_NoteTheMixedOne_AndMetricRanksTheChosenField()
    {
        Assert.Equal(0, (await RunAsync("submit", "shapes", "--params", "8", "--job-id", "s", "--store", Store)).ExitCode);
        Assert.Equal(0, (await RunAsync("worker", "--job", "s", "--exit-when-idle", "--store", Store)).ExitCode);

        var export = await RunAsync("results", "s", "--out", _folder.File("r.csv"), "--store", Store);
        Assert.True(export.ExitCode == 0, export.ToString());
        Assert.Contains("result field 'result' holds values of several types; it is exported as text", export.Stderr);
        Assert.Equal("index,a,b,c,result,error", File.ReadLines(_folder.File("r.csv")).First());
        Assert.Contains("a: min 1 · mean 2 · max 3", export.Stdout);

        var byB = await RunAsync("results", "s", "--metric", "b", "--goal", "max", "--store", Store);
        Assert.Contains("b: min 2 · mean 2 · max 2", byB.Stdout);
        Assert.Contains("best b: parameter #0", byB.Stdout);

        var report = await RunAsync("report", "s", "--metric", "b", "--out", _folder.File("r.html"), "--store", Store);
        Assert.True(report.ExitCode == 0, report.ToString());
        Assert.Contains("<th>ranked field</th><td>b</td>", await File.ReadAllTextAsync(_folder.File("r.html")));

        var wrong = await RunAsync("results", "s", "--metric", "c", "--store", Store);
        Assert.Equal(ExitCodes.BadInput, wrong.ExitCode);
        Assert.Contains("numeric fields are: a, b", wrong.Stderr);
    }

    private static Task<ProcessResult> RunAsync(params string[] args)
    {
        var registry = new ComputationRegistry().Add("shapes", p => (p.Index % 4) switch
        {
            0 => Result.Record(("a", 1), ("b", 2)),
            1 => Result.Record(("c", "text"), ("a", 3)),
            2 => 42.0,
            _ => "just a string",
        });
        return InProcessTtg.RunAsync(registry, args);
    }
}
