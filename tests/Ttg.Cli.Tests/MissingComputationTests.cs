using Ttg.Testing;

namespace Ttg.Cli.Tests;

/// <summary>A worker never takes chunks of a computation it lacks, and says why once.</summary>
public sealed class MissingComputationTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Worker_LeavesChunksOfAnUnknownComputation_AndLogsWhyOnce()
    {
        var store = _folder.File("ttg.db");
        var sample = Path.Combine(AppContext.BaseDirectory, "option-pricing.dll");
        using (var submit = TtgProcess.Start("dotnet", [sample, "submit", "black-scholes", "--grid", "strike=90:110:3,vol=[0.2]", "--job-id", "bs", "--store", store], _folder.Path))
        {
            Assert.Equal(0, (await submit.WaitAsync(TimeSpan.FromMinutes(1))).ExitCode);
        }

        using var worker = TtgProcess.Start(_folder.Path, null, "worker", "--store", store);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!worker.Stderr.Contains("black-scholes", StringComparison.Ordinal) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        await Task.Delay(500);
        worker.Signal(UnixSignal.Term);
        var exit = await worker.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(0, exit.ExitCode);
        Assert.Single(exit.Stderr.Split('\n'), line => line.Contains("has not registered", StringComparison.Ordinal));
        var progress = await StoreProbe.ProgressAsync(store, "bs");
        Assert.Equal(0, progress.Done);
        Assert.Equal(0, progress.LeasedChunks);
    }
}
