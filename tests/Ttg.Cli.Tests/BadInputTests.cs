using Microsoft.Data.Sqlite;
using Ttg.Testing;

namespace Ttg.Cli.Tests;

/// <summary>Every kind of bad input gets one clear line naming the problem and the fix, a non-zero exit code, and loses nothing.</summary>
public sealed class BadInputTests : IDisposable
{
    private readonly TempFolder _folder = new();

    private string Store => _folder.File("ttg.db");

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task UnknownComputation_ListsTheRegisteredOnes()
    {
        var result = await InProcessTtg.RunAsync("submit", "no-such-thing", "--params", "10", "--store", Store);

        Assert.Equal(ExitCodes.BadInput, result.ExitCode);
        Assert.Contains("no-such-thing", result.Stderr);
        Assert.Contains("square", result.Stderr);
        AssertOneLine(result);
    }

    [Theory]
    [InlineData("x=1:2")]
    [InlineData("x=[1,2")]
    [InlineData("=1:2:3")]
    [InlineData("x=a:b:3")]
    public async Task MalformedGrid_IsRejected(string grid)
    {
        var result = await InProcessTtg.RunAsync("submit", "square", "--grid", grid, "--store", Store);

        Assert.Equal(ExitCodes.BadInput, result.ExitCode);
        Assert.Contains("grid", result.Stderr, StringComparison.OrdinalIgnoreCase);
        AssertOneLine(result);
    }

    [Theory]
    [InlineData("results")]
    [InlineData("retry")]
    [InlineData("cancel")]
    [InlineData("watch")]
    public async Task AVerbWithoutItsJob_SaysItNeedsAJobId_NotTheParsersWords(string verb)
    {
        var result = await InProcessTtg.RunAsync(verb, "--store", Store);

        Assert.Equal(ExitCodes.BadInput, result.ExitCode);
        Assert.Contains($"ttg {verb} needs a JOB id (`ttg jobs` lists them)", result.Stderr);
        Assert.DoesNotContain("Required argument", result.Stderr);
        AssertOneLine(result);
    }

    [Fact]
    public async Task AFlagWithoutItsValue_IsNamed()
    {
        var result = await InProcessTtg.RunAsync("submit", "square", "--params");

        Assert.Equal(ExitCodes.BadInput, result.ExitCode);
        Assert.Contains("--params needs a value", result.Stderr);
        AssertOneLine(result);
    }

    [Fact]
    public async Task ChunkSizeZero_IsRejected()
    {
        var result = await InProcessTtg.RunAsync("submit", "square", "--params", "10", "--chunk-size", "0", "--store", Store);

        Assert.Equal(ExitCodes.BadInput, result.ExitCode);
        Assert.Contains("chunk-size", result.Stderr);
        AssertOneLine(result);
    }

    [Fact]
    public async Task EmptySpace_IsRejected()
    {
        var result = await InProcessTtg.RunAsync("submit", "square", "--params", "0", "--store", Store);

        Assert.Equal(ExitCodes.BadInput, result.ExitCode);
        AssertOneLine(result);
    }

    [Fact]
    public async Task NoSpaceAtAll_IsRejected()
    {
        var result = await InProcessTtg.RunAsync("submit", "square", "--store", Store);

        Assert.Equal(ExitCodes.BadInput, result.ExitCode);
        AssertOneLine(result);
    }

    [Fact]
    public async Task MissingInputFile_IsRejected()
    {
        var result = await InProcessTtg.RunAsync("submit", "square", "--input", _folder.File("missing.csv"), "--store", Store);

        Assert.Equal(ExitCodes.BadInput, result.ExitCode);
        Assert.Contains("missing.csv", result.Stderr);
        AssertOneLine(result);
    }

    [Fact]
    public async Task FileThatIsNotAStore_IsRejected_AndLeftUnchanged()
    {
        var path = _folder.File("notes.txt");
        await File.WriteAllTextAsync(path, "these are my notes, not a database\n");
        var before = await File.ReadAllBytesAsync(path);

        var result = await InProcessTtg.RunAsync("jobs", "--store", path);

        Assert.Equal(ExitCodes.BackendUnavailable, result.ExitCode);
        Assert.Contains("notes.txt", result.Stderr);
        AssertOneLine(result);
        Assert.Equal(before, await File.ReadAllBytesAsync(path));
    }

    [Fact]
    public async Task ReadOnlyStore_IsRejected_AndKeepsItsResults()
    {
        var submitted = await InProcessTtg.RunAsync("submit", "square", "--params", "50", "--store", Store);
        Assert.Equal(0, submitted.ExitCode);
        var jobId = submitted.Stdout.Trim();
        var before = await File.ReadAllBytesAsync(Store);

        // root ignores file modes, so as root the write attempt runs as an unprivileged user who may only read the store.
        var root = Environment.UserName == "root";
        File.SetUnixFileMode(_folder.Path, (UnixFileMode)0b111_101_101);
        File.SetUnixFileMode(Store, root ? (UnixFileMode)0b110_100_100 : (UnixFileMode)0b100_100_100);
        using (var asReader = root
            ? TtgProcess.Start("setpriv", ["--reuid=65534", "--regid=65534", "--clear-groups", "dotnet", TtgProcess.TtgDll, "submit", "square", "--params", "10", "--store", Store], _folder.Path)
            : TtgProcess.Start(_folder.Path, null, "submit", "square", "--params", "10", "--store", Store))
        {
            var result = await asReader.WaitAsync(TimeSpan.FromMinutes(1));

            Assert.Equal(ExitCodes.BackendUnavailable, result.ExitCode);
            AssertOneLine(result);
            Assert.Contains("read-only", result.Stderr, StringComparison.OrdinalIgnoreCase);
        }

        File.SetUnixFileMode(Store, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        Assert.Equal(before, await File.ReadAllBytesAsync(Store));
        var status = await InProcessTtg.RunAsync("status", jobId, "--store", Store);
        Assert.Equal(0, status.ExitCode);
        Assert.Contains(jobId, status.Stdout);
    }

    [Fact]
    public async Task LockedStore_FailsWithAClearLine_AndKeepsItsData()
    {
        var submitted = await InProcessTtg.RunAsync("submit", "square", "--params", "50", "--store", Store);
        Assert.Equal(0, submitted.ExitCode);
        var jobId = submitted.Stdout.Trim();

        using (var holder = new SqliteConnection($"Data Source={Store};Pooling=False"))
        {
            holder.Open();
            using var exclusive = holder.CreateCommand();
            exclusive.CommandText = "PRAGMA locking_mode=EXCLUSIVE; BEGIN EXCLUSIVE;";
            exclusive.ExecuteNonQuery();

            // A separate process, with a short busy timeout so the test does not wait out the default.
            var result = await TtgProcess.RunAsync(_folder.Path, new Dictionary<string, string> { ["TTG_SQLITE_BUSY_TIMEOUT"] = "2" }, TimeSpan.FromMinutes(1), "submit", "square", "--params", "10", "--store", Store);
            Assert.NotEqual(0, result.ExitCode);
            Assert.Contains("lock", result.Stderr, StringComparison.OrdinalIgnoreCase);
            AssertOneLine(result);
        }

        SqliteConnection.ClearAllPools();
        var status = await InProcessTtg.RunAsync("status", jobId, "--store", Store);
        Assert.Equal(0, status.ExitCode);
        Assert.Contains(jobId, status.Stdout);
    }

    [Fact]
    public async Task BothStoreAndRedis_IsRejected()
    {
        var result = await InProcessTtg.RunAsync("jobs", "--store", Store, "--redis", "redis://127.0.0.1:1");

        Assert.Equal(ExitCodes.BadInput, result.ExitCode);
        AssertOneLine(result);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-5")]
    [InlineData("NaN")]
    public async Task TimeoutOutOfRange_IsRejected_BeforeAnythingIsSubmitted(string timeout)
    {
        var result = await InProcessTtg.RunAsync("submit", "square", "--params", "10", "--timeout", timeout, "--store", Store);

        Assert.Equal(ExitCodes.BadInput, result.ExitCode);
        Assert.Contains("--timeout", result.Stderr);
        AssertOneLine(result);
        Assert.False(File.Exists(Store));
    }

    [Fact]
    public async Task BothCommandAndServe_AreRejected_NamingTheFlags()
    {
        var result = await InProcessTtg.RunAsync("submit", "--command", "python3 a.py", "--serve", "python3 b.py", "--params", "10", "--store", Store);

        Assert.Equal(ExitCodes.BadInput, result.ExitCode);
        Assert.Contains("Both --command and --serve given; pass one: --command runs a process per parameter", result.Stderr);
        AssertOneLine(result);
        Assert.False(File.Exists(Store));
    }

    [Fact]
    public async Task ABlankWorkerId_IsRejected_InTermsOfTheFlag()
    {
        var result = await InProcessTtg.RunAsync("worker", "--worker-id", " ", "--exit-when-idle", "--store", Store);

        Assert.Equal(ExitCodes.BadInput, result.ExitCode);
        Assert.Contains("--worker-id is empty; pass a value or leave it out.", result.Stderr);
        Assert.DoesNotContain("WorkerOptions", result.Stderr);
        AssertOneLine(result);
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("0.05")]
    [InlineData("NaN")]
    public async Task LivenessOutOfRange_IsRejected_BeforeTheStoreIsOpened(string liveness)
    {
        var result = await InProcessTtg.RunAsync("worker", "--liveness", liveness, "--exit-when-idle", "--store", Store);

        Assert.Equal(ExitCodes.BadInput, result.ExitCode);
        Assert.Contains("--liveness", result.Stderr);
        AssertOneLine(result);
        Assert.False(File.Exists(Store));
    }

    [Theory]
    [InlineData("150%")]
    [InlineData("0")]
    [InlineData("soon")]
    public async Task KillWorkerAtOutOfRange_IsRejected_BeforeAnythingIsSubmitted(string at)
    {
        var result = await InProcessTtg.RunAsync("run", "square", "--params", "10", "--workers", "2", "--kill-worker-at", at, "--store", Store);

        Assert.Equal(ExitCodes.BadInput, result.ExitCode);
        AssertOneLine(result);
        Assert.False(File.Exists(Store));
    }

    [Fact]
    public async Task UnknownOutputFormat_IsRejected_BeforeAnythingIsSubmitted()
    {
        var result = await InProcessTtg.RunAsync("run", "square", "--params", "10", "--out", _folder.File("r.xlsx"), "--store", Store);

        Assert.Equal(ExitCodes.BadInput, result.ExitCode);
        AssertOneLine(result);
        Assert.False(File.Exists(Store));
    }

    [Fact]
    public async Task UnknownJob_NamesTheWayToListJobs()
    {
        var result = await InProcessTtg.RunAsync("status", "nope", "--store", Store);

        Assert.Equal(ExitCodes.BadInput, result.ExitCode);
        Assert.Contains("ttg jobs", result.Stderr);
    }

    private static void AssertOneLine(ProcessResult result)
    {
        var lines = result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var errors = lines.Where(l => l.StartsWith("error:", StringComparison.Ordinal)).ToList();
        Assert.True(errors.Count == 1, $"expected one error line, got:\n{result}");
    }
}
