using System.Text.Json;

namespace Ttg.Cli.Tests;

/// <summary>The dashboard's CSV download of a big job streams from the store into the response: no file is staged.</summary>
public sealed class DashboardCsvDownloadTests : IDisposable
{
    private const int Parameters = 200_000;

    private readonly TempFolder _folder = new();
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(60) };

    private string Store => _folder.File("ttg.db");

    public void Dispose()
    {
        _http.Dispose();
        _folder.Dispose();
    }

    [Fact]
    public async Task BigCsvDownload_IsStreamed_WithoutATempFile_AndEqualsTheExportedFile_RowForRow()
    {
        var run = await TtgProcess.RunAsync(_folder.Path, "run", "square", "--params", Parameters.ToString(), "--workers", "2", "--store", Store);
        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        var temp = Directory.CreateDirectory(_folder.File("dashboard-tmp")).FullName;
        await using var dashboard = await DashboardProcess.StartAsync(_folder.Path, Store, _http, new Dictionary<string, string> { ["TMPDIR"] = temp });
        using var jobs = JsonDocument.Parse(await _http.GetStringAsync(new Uri(dashboard.Root, "api/jobs")));
        var id = jobs.RootElement.GetProperty("jobs")[0].GetProperty("id").GetString()!;
        var exported = _folder.File("exported.csv");
        var results = await TtgProcess.RunAsync(_folder.Path, "results", id, "--out", exported, "--store", Store);
        Assert.True(results.ExitCode == ExitCodes.Success, results.ToString());

        using var response = await _http.GetAsync(new Uri(dashboard.Root, $"jobs/{id}/results.csv"), HttpCompletionOption.ResponseHeadersRead);

        response.EnsureSuccessStatusCode();
        Assert.Null(response.Content.Headers.ContentLength); // sent as it is written (chunked), not as a finished file
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal($"{id}.csv", response.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        using var expected = new StreamReader(exported);
        using var downloaded = new StreamReader(await response.Content.ReadAsStreamAsync());
        // HttpClient's timeout ends with the headers of a streamed response: a download that stalls fails here,
        // saying how far it got, instead of holding the run.
        var limit = TimeSpan.FromMinutes(2);
        using var stalled = new CancellationTokenSource(limit);
        var rows = 0;
        try
        {
            while (await expected.ReadLineAsync() is { } line)
            {
                Assert.Equal(line, await downloaded.ReadLineAsync(stalled.Token));
                rows++;
            }

            Assert.Null(await downloaded.ReadLineAsync(stalled.Token));
        }
        catch (OperationCanceledException) when (stalled.IsCancellationRequested)
        {
            Assert.Fail($"the CSV download did not finish within {limit}; {rows} rows had arrived");
        }

        Assert.Equal(Parameters + 1, rows);
        // The runtime may put its diagnostics socket there; an export staged as a file would show up by its name.
        Assert.DoesNotContain(Directory.EnumerateFileSystemEntries(temp, "*", SearchOption.AllDirectories),
            entry => Path.GetFileName(entry).StartsWith("ttg", StringComparison.Ordinal) || entry.EndsWith(".csv", StringComparison.Ordinal) || entry.EndsWith(".tmp", StringComparison.Ordinal));
    }
}
