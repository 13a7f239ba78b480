using Ttg.Sqlite;
using Ttg.WorkQueue;

namespace Ttg.Cli.Tests;

/// <summary>`ttg status` and `ttg watch` show a job's workers and the fault a worker reported in the store.</summary>
public sealed class WorkerNotesDisplayTests : IDisposable
{
    private const string Fault = "setup failed: computation 'square' of job j: FileNotFoundException: model.bin not found";
    private readonly TempFolder _folder = new();

    private string Store => _folder.File("ttg.db");

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Status_ListsTheWorkers_WithTheFaultOneReported()
    {
        var submitted = await InProcessTtg.RunAsync("submit", "square", "--params", "100", "--job-id", "j", "--store", Store);
        Assert.True(submitted.ExitCode == 0, submitted.ToString());
        await ReportAsync(new WorkerNote("w3", ["j"]) { Host = "node-7", Fault = Fault });

        var status = await InProcessTtg.RunAsync("status", "j", "--store", Store);

        Assert.True(status.ExitCode == 0, status.ToString());
        Assert.Contains("workers: ", status.Stdout);
        Assert.Contains("1 reporting a fault", status.Stdout);
        Assert.Contains($"  w3 on node-7 (", status.Stdout);
        Assert.Contains($"): {Fault}", status.Stdout);
    }

    [Fact]
    public async Task Watch_PrintsAWorkersFault_AndFollowsTheJobToTheEnd()
    {
        var submitted = await InProcessTtg.RunAsync("submit", "square", "--params", "200", "--job-id", "j", "--store", Store);
        Assert.True(submitted.ExitCode == 0, submitted.ToString());
        await ReportAsync(new WorkerNote("w3", ["j"]) { Host = "node-7", Fault = Fault });

        var watch = InProcessTtg.RunAsync("watch", "j", "--store", Store);
        var worker = await TtgProcess.RunAsync(_folder.Path, "worker", "--store", Store, "--job", "j", "--exit-when-idle");
        var watched = await watch;

        Assert.True(worker.ExitCode == 0, worker.ToString());
        Assert.True(watched.ExitCode == 0, watched.ToString());
        Assert.Single(watched.Stdout.Split('\n'), line => line.Trim() == $"worker w3 on node-7: {Fault}");
    }

    private async Task ReportAsync(WorkerNote note)
    {
        await using var backend = await SqliteBackend.OpenAsync(new SqliteBackendOptions { Path = Store });
        await backend.ReportWorkerAsync(note);
    }
}
