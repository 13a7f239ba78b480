using System.Net;
using System.Text.Json;
using Ttg.Testing;

namespace Ttg.Cli.Tests;

/// <summary>Input files and spec fields checked where they enter, and a damaged store named as such (exit 4).</summary>
public sealed class CheckedInputTests : IDisposable
{
    private readonly TempFolder _folder = new();

    private string Store => _folder.File("ttg.db");

    public void Dispose() => _folder.Dispose();

    [Theory]
    [InlineData("ragged.csv", "x,y\n1,2\n3\n", "line 3", "column 'y' is missing")]
    [InlineData("missing.jsonl", "{\"x\": 1, \"y\": 2}\n{\"x\": 3}\n", "line 2", "no key 'y'")]
    public async Task BadInputRow_IsRejectedAtSubmit_WithLineAndColumn(string name, string content, string line, string column)
    {
        var input = _folder.File(name);
        await File.WriteAllTextAsync(input, content);

        var result = await InProcessTtg.RunAsync("submit", "rosenbrock", "--input", input, "--store", Store);

        Assert.Equal(ExitCodes.BadInput, result.ExitCode);
        Assert.Contains(line, result.Stderr);
        Assert.Contains(column, result.Stderr);
        OptionWalkTests.AssertPlain(result, result.ToString());
        Assert.False(File.Exists(Store));
    }

    [Theory]
    [InlineData("chunkSize: 100000000000000000000", "chunkSize")]
    [InlineData("chunkSize: 99999999999", "chunkSize")]
    [InlineData("maxAttempts: abc", "maxAttempts")]
    [InlineData("lease: NaN", "lease")]
    [InlineData("lease: 1e12", "lease")]
    [InlineData("timeout: Infinity", "timeout")]
    [InlineData("params: 1e400", "params")]
    public async Task BadNumberInSpecFile_IsRejected_WithTheField(string line, string field)
    {
        var spec = _folder.File("job.yaml");
        await File.WriteAllTextAsync(spec, $"computation: square\n{(line.StartsWith("params", StringComparison.Ordinal) ? "" : "params: 10\n")}{line}\n");

        var result = await InProcessTtg.RunAsync("submit", "--spec", spec, "--store", Store);

        Assert.Equal(ExitCodes.BadInput, result.ExitCode);
        Assert.Contains($"'{field}'", result.Stderr);
        OptionWalkTests.AssertPlain(result, result.ToString());
    }

    [Fact]
    public async Task DamagedStore_IsExit4_WithWhatToDo_OnEveryReadingVerb()
    {
        var jobId = await DamagedStoreAsync();

        foreach (var args in new[] { ["results", jobId], ["report", jobId, "--out", _folder.File("r.html")], new[] { "results", jobId, "--out", _folder.File("r.csv") } })
        {
            var result = await InProcessTtg.RunAsync([.. args, "--store", Store]);

            Assert.True(result.ExitCode == ExitCodes.BackendUnavailable, result.ToString());
            Assert.Contains("damaged", result.Stderr);
            Assert.Contains("backup", result.Stderr);
            OptionWalkTests.AssertPlain(result, result.ToString());
        }
    }

    [Fact]
    public async Task DamagedStore_DashboardCsvLink_AnswersAnErrorLine_NotA500()
    {
        var jobId = await DamagedStoreAsync();
        var port = LoopbackPort.Free();
        using var dashboard = TtgProcess.Start(_folder.Path, null, "dashboard", "--store", Store, "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var root = new Uri($"http://127.0.0.1:{port}/");
        for (var tries = 0; ; tries++)
        {
            try
            {
                await http.GetStringAsync(new Uri(root, "healthz"));
                break;
            }
            catch (HttpRequestException) when (tries < 300)
            {
                await Task.Delay(100);
            }
        }

        var csv = await http.GetAsync(new Uri(root, $"jobs/{jobId}/results.csv"));
        var body = await csv.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, csv.StatusCode);
        Assert.Contains("damaged", JsonDocument.Parse(body).RootElement.GetProperty("error").GetString());
        Assert.DoesNotContain("Exception", body);
        dashboard.Signal(UnixSignal.Term);
        await dashboard.WaitAsync(TimeSpan.FromSeconds(30));
    }

    /// <summary>A finished job whose later pages (its results) are overwritten with noise; the job list still reads.</summary>
    private async Task<string> DamagedStoreAsync()
    {
        var run = await TtgProcess.RunAsync(_folder.Path, "run", "square", "--params", "20000", "--workers", "1", "--store", Store);
        Assert.True(run.ExitCode == 0, run.ToString());
        var jobId = run.Stdout.Split(' ', ':')[1];
        var bytes = await File.ReadAllBytesAsync(Store);
        var from = bytes.Length / 4096 * 2 / 3 * 4096;
        new Random(7).NextBytes(bytes.AsSpan(from));
        await File.WriteAllBytesAsync(Store, bytes);
        return jobId;
    }
}
