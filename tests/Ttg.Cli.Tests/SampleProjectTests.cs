using System.Globalization;

namespace Ttg.Cli.Tests;

/// <summary>The sample user project gets the whole command line by registering its own computation.</summary>
public sealed class SampleProjectTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task SampleProject_RunsASweepThroughItsOwnCommandLine()
    {
        var output = _folder.File("prices.csv");
        var sample = Path.Combine(AppContext.BaseDirectory, "option-pricing.dll");

        using var process = TtgProcess.Start("dotnet",
            [sample, "run", "black-scholes", "--grid", "strike=80:120:41,vol=0.1:0.5:5", "--workers", "2", "--out", output, "--store", _folder.File("ttg.db")],
            _folder.Path);
        var result = await process.WaitAsync(TimeSpan.FromMinutes(2));

        Assert.True(result.ExitCode == 0, result.ToString());
        var rows = ResultsFile.ReadCsv(output);
        Assert.Equal(41 * 5, rows.Count);
        var atTheMoney = rows.Single(r => r["strike"] == "100" && double.Parse(r["vol"], CultureInfo.InvariantCulture) == 0.2);
        Assert.Equal(8.916, double.Parse(atTheMoney["price"], CultureInfo.InvariantCulture), 3);
    }
}
