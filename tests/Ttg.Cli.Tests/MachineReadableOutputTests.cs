using System.Text.Json;
using Ttg.Testing;

namespace Ttg.Cli.Tests;

/// <summary><c>--json</c> on the verbs scripts read, tables that never wrap when piped, and CSV lines ending in LF.</summary>
public sealed class MachineReadableOutputTests : IDisposable
{
    private readonly TempFolder _folder = new();

    private string Store => _folder.File("ttg.db");

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task JobsJson_ParsesWithPython_AndPipedTableKeepsEveryIdOnOneLine()
    {
        var ids = new List<string>();
        foreach (var name in new[] { "a-rather-long-job-name-that-would-wrap-in-a-narrow-table-0001", "b-second-job-with-an-equally-long-identifier-0002" })
        {
            var submit = await InProcessTtg.RunAsync("submit", "square", "--params", "10", "--job-id", name, "--store", Store);
            Assert.True(submit.ExitCode == 0, submit.ToString());
            ids.Add(name);
        }

        // A real process with its stdout piped into python3 and into cat, as a user's script would run it.
        DebianPackage.Ensure("python3", "python3");
        var python = await Shell($"dotnet {TtgProcess.TtgDll} jobs --json --store {Store} | python3 -c 'import json,sys; d=json.load(sys.stdin); print(\"\\n\".join(j[\"id\"] for j in d[\"jobs\"]))'");
        Assert.True(python.ExitCode == 0, python.ToString());
        Assert.Equal(ids.Order(), python.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Order());

        var piped = await Shell($"COLUMNS=40 dotnet {TtgProcess.TtgDll} jobs --store {Store} | cat");
        var lines = piped.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        foreach (var id in ids)
        {
            Assert.Single(lines, l => l.StartsWith(id + " ", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task SubmitStatusResultsAndComputations_PrintJson()
    {
        var submit = await InProcessTtg.RunAsync("submit", "square", "--params", "20", "--chunk-size", "5", "--arg", "fail-on=3", "--json", "--store", Store);
        using var submitted = JsonDocument.Parse(submit.Stdout);
        var id = submitted.RootElement.GetProperty("id").GetString()!;
        Assert.Equal(4, submitted.RootElement.GetProperty("chunks").GetInt32());

        using var status = JsonDocument.Parse((await InProcessTtg.RunAsync("status", id, "--json", "--store", Store)).Stdout);
        Assert.Equal("running", status.RootElement.GetProperty("jobs")[0].GetProperty("state").GetString());

        var worker = await InProcessTtg.RunAsync("worker", "--job", id, "--exit-when-idle", "--store", Store);
        Assert.True(worker.ExitCode == 0, worker.ToString());
        var results = await InProcessTtg.RunAsync("results", id, "--json", "--out", _folder.File("r.csv"), "--store", Store);
        Assert.Equal(ExitCodes.ParametersFailed, results.ExitCode);
        using var summary = JsonDocument.Parse(results.Stdout);
        Assert.Equal(20, summary.RootElement.GetProperty("count").GetInt64());
        Assert.Equal(1, summary.RootElement.GetProperty("failed").GetInt64());
        Assert.Equal(3, summary.RootElement.GetProperty("failures")[0].GetProperty("index").GetInt64());
        Assert.Equal(0, summary.RootElement.GetProperty("best").GetProperty("index").GetInt64());
        Assert.Equal(20, summary.RootElement.GetProperty("rows").GetInt64());

        var failed = await InProcessTtg.RunAsync("results", id, "--failed", "--store", Store);
        Assert.Equal(ExitCodes.ParametersFailed, failed.ExitCode);
        Assert.Contains("#3: InvalidOperationException:", failed.Stdout);
        Assert.Contains("(attempts 3)", failed.Stdout);
        Assert.EndsWith("1 failed parameters", failed.Stdout.TrimEnd());
        Assert.True(summary.RootElement.GetProperty("failures")[0].TryGetProperty("stackTrace", out _));

        using var computations = JsonDocument.Parse((await InProcessTtg.RunAsync("computations", "--json")).Stdout);
        Assert.Contains(computations.RootElement.EnumerateArray(), c => c.GetProperty("name").GetString() == "square");
    }

    [Fact]
    public async Task CsvExport_EndsLinesWithTheUnixNewline()
    {
        var run = await InProcessTtg.RunAsync("submit", "square", "--params", "5", "--job-id", "lf", "--store", Store);
        Assert.Equal(0, run.ExitCode);
        await InProcessTtg.RunAsync("worker", "--job", "lf", "--exit-when-idle", "--store", Store);
        var path = _folder.File("r.csv");
        Assert.Equal(0, (await InProcessTtg.RunAsync("results", "lf", "--out", path, "--store", Store)).ExitCode);

        var text = await File.ReadAllTextAsync(path);
        Assert.DoesNotContain('\r', text);
        Assert.Equal(6, text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    private Task<ProcessResult> Shell(string script) =>
        TtgProcess.Start("bash", ["-c", script], _folder.Path).WaitAsync(TimeSpan.FromMinutes(1));
}
