using System.Globalization;

namespace Ttg.Cli.Tests;

/// <summary>Spec files, flags overriding them, and input files whose rows travel inside the chunks.</summary>
public sealed class SpecAndInputTests : IDisposable
{
    private readonly TempFolder _folder = new();

    private string Store => _folder.File("ttg.db");

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task SpecFile_GivesTheJob_AndFlagsOverrideIt()
    {
        var spec = _folder.File("job.yaml");
        await File.WriteAllTextAsync(spec, "computation: square\nparams: 1000\nchunkSize: 100\nname: from-file\n");

        var submit = await InProcessTtg.RunAsync("submit", "--spec", spec, "--chunk-size", "10", "--store", Store);

        Assert.True(submit.ExitCode == 0, submit.ToString());
        Assert.Contains("1,000 parameters of 'square' in 100 chunks", submit.Stderr);
    }

    [Fact]
    public async Task InputCsv_RowsReachTheComputation_AndTheResultsCarryThem()
    {
        var input = _folder.File("points.csv");
        await File.WriteAllLinesAsync(input, ["x,y,label", "1,1,optimum", "0,0,origin", "-1,2,elsewhere"]);
        var output = _folder.File("out.csv");

        var run = await TtgProcess.RunAsync(_folder.Path, "run", "rosenbrock", "--input", input, "--chunk-size", "2", "--workers", "2", "--out", output, "--store", Store);

        Assert.True(run.ExitCode == 0, run.ToString());
        var rows = ResultsFile.ReadCsv(output);
        Assert.Equal(["optimum", "origin", "elsewhere"], rows.Select(r => r["label"]));
        Assert.Equal([0.0, 1.0, 4.0 + (100 * 1)], rows.Select(r => double.Parse(r["result"], CultureInfo.InvariantCulture)));
        Assert.Contains("label=optimum", run.Stdout);
    }
}
