using Ttg.Jobs;
using Ttg.Sqlite;
using Ttg.Testing;
using Ttg.WorkQueue;

namespace Ttg.Cli.Tests;

/// <summary>`--speculate` is stored with the job, and status and its JSON count the copies a store recorded.</summary>
public sealed class SpeculationStatusTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Status_CountsCopiesWonAndWasted()
    {
        var store = _folder.File("ttg.db");
        await Ttg("submit", "square", "--params", "100", "--chunk-size", "10", "--job-id", "tail", "--store", store);
        await using (var backend = await SqliteBackend.OpenAsync(new SqliteBackendOptions { Path = store }))
        {
            var held = await backend.LeaseAsync(new LeaseRequest("slow", 10, ["square"]));
            Assert.Equal(10, held.Count);
            var copyNow = new CopyRequest("idle", "tail", TimeSpan.Zero) { Budget = 1 };

            // One copy beats its first holder; for another chunk the first holder is faster.
            var won = (await backend.LeaseCopyAsync(copyNow))!;
            Assert.Equal(LeaseOutcome.Accepted, await backend.CompleteAsync(won, Squares(won)));
            Assert.Equal(LeaseOutcome.LeaseLost, await backend.CompleteAsync(held.Single(l => l.ChunkId == won.ChunkId), Squares(won)));
            var lost = (await backend.LeaseCopyAsync(copyNow))!;
            Assert.Equal(LeaseOutcome.Accepted, await backend.CompleteAsync(held.Single(l => l.ChunkId == lost.ChunkId), Squares(lost)));
        }

        var status = (await Ttg("status", "tail", "--store", store)).Stdout;
        var json = (await Ttg("status", "tail", "--json", "--store", store)).Stdout;

        Assert.Contains("speculation: 2 straggling chunks copied, 1 won, 1 wasted (20 parameters, 20.0% of the job", status);
        Assert.Contains("\"speculatedChunks\": 2", json);
        Assert.Contains("\"speculationWon\": 1", json);
        Assert.Contains("\"speculationWasted\": 1", json);
    }

    [Fact]
    public async Task SpeculateOff_IsStoredWithTheJob_AndOnIsTheDefault()
    {
        var store = _folder.File("ttg.db");
        await Ttg("submit", "square", "--params", "10", "--job-id", "off", "--speculate", "off", "--store", store);
        await Ttg("submit", "square", "--params", "10", "--job-id", "on", "--store", store);
        await using var backend = await SqliteBackend.OpenAsync(new SqliteBackendOptions { Path = store });

        Assert.False(JobPlan.FromStoredJson((await backend.GetJobAsync("off"))!.SpecJson).Spec.Speculate);
        Assert.True(JobPlan.FromStoredJson((await backend.GetJobAsync("on"))!.SpecJson).Spec.Speculate);
    }

    [Fact]
    public async Task Speculate_ThatIsNotOnOrOff_IsBadInput()
    {
        var result = await InProcessTtg.RunAsync("submit", "square", "--params", "10", "--speculate", "maybe", "--store", _folder.File("ttg.db"));

        Assert.Equal(ExitCodes.BadInput, result.ExitCode);
        Assert.Contains("--speculate 'maybe' is not on or off; pass --speculate off", result.Stderr + result.Stdout);
        Assert.DoesNotContain("Exception", result.Stderr + result.Stdout);
    }

    private static ChunkCompletion Squares(ChunkLease lease) => new(new byte[lease.Count * 8], lease.Count, 0);

    private static async Task<ProcessResult> Ttg(params string[] args)
    {
        var result = await InProcessTtg.RunAsync(args);
        Assert.True(result.ExitCode == 0, $"ttg {string.Join(' ', args)} exited {result.ExitCode}: {result.Stdout}{result.Stderr}");
        return result;
    }
}
