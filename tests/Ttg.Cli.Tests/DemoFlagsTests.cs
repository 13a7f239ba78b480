using System.Text.Json;
using Ttg.Sqlite;
using Ttg.Testing;

namespace Ttg.Cli.Tests;

/// <summary>
/// The demo's flags live with the demo: --work-ms and --fail-on come with the built-in computations, a user's own
/// command line offers only the flags its computations contribute; numeric environment variables are range-checked.
/// </summary>
public sealed class DemoFlagsTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task UsersCommandLine_HasNoDemoFlags_ButOffersTheFlagsItsComputationsContribute()
    {
        var registry = new ComputationRegistry()
            .Add("f", p => p.Index * 2.0)
            .AddFlag(new ComputationFlag("--alpha", "alpha", "Weight of the model") { IsNumber = true });
        var store = _folder.File("ttg.db");

        var demo = await RunAsync(registry, "submit", "f", "--params", "10", "--work-ms", "5", "--store", store);
        var help = await RunAsync(registry, "submit", "--help");
        var own = await RunAsync(registry, "submit", "f", "--params", "10", "--alpha", "0.5", "--job-id", "own", "--store", store);
        var bad = await RunAsync(registry, "submit", "f", "--params", "10", "--alpha", "NaN", "--store", store);

        Assert.Equal(ExitCodes.BadInput, demo.ExitCode);
        Assert.Contains("--work-ms", demo.Stderr);
        Assert.Single(demo.Stderr.Trim().Split('\n'));
        Assert.DoesNotContain("--work-ms", help.Stdout);
        Assert.DoesNotContain("--fail-on", help.Stdout);
        Assert.Contains("--alpha", help.Stdout);
        Assert.True(own.ExitCode == 0, own.ToString());
        Assert.Equal("0.5", await StoredArgumentAsync(store, "own", "alpha"));
        Assert.Equal(ExitCodes.BadInput, bad.ExitCode);
        Assert.Contains("--alpha", bad.Stderr);
    }

    [Fact]
    public async Task StockTtg_OffersTheDemoFlags_AndTheirEnvironmentVariable()
    {
        var store = _folder.File("ttg.db");

        var flags = await InProcessTtg.RunAsync("submit", "simulate", "--params", "10", "--work-ms", "3", "--fail-on", "4", "--job-id", "demo", "--store", store);
        var fromEnvironment = await TtgProcess.RunAsync(_folder.Path, new Dictionary<string, string> { ["SIMULATE_WORK_MS"] = "7" }, TimeSpan.FromMinutes(1),
            "submit", "simulate", "--params", "10", "--job-id", "env", "--store", store);

        Assert.True(flags.ExitCode == 0, flags.ToString());
        Assert.Equal("3", await StoredArgumentAsync(store, "demo", "work-ms"));
        Assert.Equal("4", await StoredArgumentAsync(store, "demo", "fail-on"));
        Assert.True(fromEnvironment.ExitCode == 0, fromEnvironment.ToString());
        Assert.Equal("7", await StoredArgumentAsync(store, "env", "work-ms"));
    }

    [Theory]
    [InlineData("TTG_GRACE_PERIOD", "100000", "outside 0 to 86400")]
    [InlineData("TTG_GRACE_PERIOD", "99999999999999999999", "not an integer")]
    [InlineData("TTG_LIVENESS", "Infinity", "not a number")]
    [InlineData("TTG_CONCURRENCY", "5000000000", "outside 1 to 4096")]
    [InlineData("SIMULATE_WORK_MS", "-1", "outside 0 to 3600000")]
    public async Task NumericEnvironmentVariable_OutOfRange_IsExit2_WithOneLine(string variable, string value, string expected)
    {
        // The worker reads its variables itself; SIMULATE_WORK_MS is read where a job is described.
        string[] command = variable == "SIMULATE_WORK_MS"
            ? ["submit", "simulate", "--params", "10", "--store", _folder.File("ttg.db")]
            : ["worker", "--exit-when-idle", "--store", _folder.File("ttg.db")];
        var result = await TtgProcess.RunAsync(_folder.Path, new Dictionary<string, string> { [variable] = value }, TimeSpan.FromMinutes(1), command);

        Assert.Equal(ExitCodes.BadInput, result.ExitCode);
        Assert.Contains($"Environment variable {variable} is '{value}'", result.Stderr);
        Assert.Contains(expected, result.Stderr);
        Assert.Single(result.Stderr.Trim().Split('\n'));
        Assert.DoesNotContain("Exception", result.Stderr);
    }

    [Theory]
    [InlineData("TTG_GRACE_PERIOD", "100000", "outside 0 to 86400")]
    [InlineData("TTG_LIVENESS", "soon", "not a number")]
    [InlineData("BATCH_SIZE", "many", "not an integer")]
    public async Task TtgRun_WithAVariableItsWorkersWouldRefuse_IsExit2_WithOneLine_BeforeAnythingIsSubmitted(string variable, string value, string expected)
    {
        var store = _folder.File("ttg.db");
        var result = await TtgProcess.RunAsync(_folder.Path, new Dictionary<string, string> { [variable] = value }, TimeSpan.FromMinutes(1),
            "run", "simulate", "--params", "10", "--workers", "2", "--store", store);

        Assert.Equal(ExitCodes.BadInput, result.ExitCode);
        Assert.Contains($"Environment variable {variable} is '{value}'", result.Stderr);
        Assert.Contains(expected, result.Stderr);
        Assert.Single(result.Stderr.Trim().Split('\n'));
        Assert.False(File.Exists(store) && (await ListJobIdsAsync(store)).Count > 0, "nothing should have been submitted");
    }

    private static Task<ProcessResult> RunAsync(ComputationRegistry registry, params string[] args) => InProcessTtg.RunAsync(registry, args);

    private static async Task<string?> StoredArgumentAsync(string store, string jobId, string name)
    {
        await using var backend = await SqliteBackend.OpenAsync(new SqliteBackendOptions { Path = store });
        var job = await backend.GetJobAsync(jobId) ?? throw new InvalidOperationException($"no job {jobId}");
        using var spec = JsonDocument.Parse(job.SpecJson);
        return spec.RootElement.GetProperty("arguments").TryGetProperty(name, out var value) ? value.GetString() : null;
    }

    private static async Task<IReadOnlyList<string>> ListJobIdsAsync(string store)
    {
        await using var backend = await SqliteBackend.OpenAsync(new SqliteBackendOptions { Path = store });
        return [.. (await backend.ListJobsAsync()).Select(j => j.JobId)];
    }
}
