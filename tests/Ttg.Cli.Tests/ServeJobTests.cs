using System.Globalization;
using Ttg.Testing;

namespace Ttg.Cli.Tests;

/// <summary>--serve jobs as real processes: a Python server per compute slot through the shipped helper.</summary>
public sealed class ServeJobTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public ServeJobTests() => DebianPackage.Ensure("python3", "python3");

    private string Store => _folder.File("ttg.db");

    private static string Helper => Path.Combine(AppContext.BaseDirectory, "clients");

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task APythonServer_GivesExactlyOneCorrectRowPerParameter_OnATwoAxisGrid()
    {
        WriteModel("return x * 100 + y");
        var results = _folder.File("results.csv");

        var run = await TtgProcess.RunAsync(_folder.Path, "run", "--serve", "python3 model.py", "--grid", "x=0..29,y=0..19", "--chunk-size", "50",
            "--workers", "2", "--store", Store, "--out", results);

        Assert.True(run.ExitCode == 0, run.ToString());
        var rows = ResultsFile.ReadCsv(results);
        ResultsFile.AssertExactlyOnce(rows, 600, i => (i / 20 * 100) + (i % 20));
        // Start-up is paid once per compute slot that computed, never per chunk (12 chunks here). A worker that
        // starts after the other has taken every chunk computes nothing and starts no server, so 1 is also right.
        Assert.InRange(Directory.GetFiles(_folder.Path, "started-*").Length, 1, 2);
    }

    [Fact]
    public async Task AServerKilledMidRun_IsRestarted_AndNothingIsLostOrDoubled()
    {
        WriteModel("time.sleep(0.001)\n    return x * 100 + y");
        var results = _folder.File("results.csv");
        using var run = TtgProcess.Start(_folder.Path, null, "run", "--serve", "python3 model.py", "--grid", "x=0..99,y=0..19", "--chunk-size", "100",
            "--workers", "2", "--job-id", "killed", "--store", Store, "--out", results);

        var deadline = DateTime.UtcNow.AddMinutes(1);
        while (Directory.GetFiles(_folder.Path, "started-*").Length == 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50); // the job is submitted and its servers start
        }

        await StoreProbe.WaitForAsync(Store, "killed", p => p.Done >= 300, TimeSpan.FromMinutes(1));
        var victim = int.Parse(Path.GetFileName(Directory.GetFiles(_folder.Path, "started-*")[0])["started-".Length..], CultureInfo.InvariantCulture);
        var kill = await ChildProcess.RunAsync("kill", ["-9", victim.ToString(CultureInfo.InvariantCulture)], TimeSpan.FromMinutes(1));
        Assert.True(kill.ExitCode == 0, $"could not SIGKILL server {victim}: {kill}");

        var exit = await run.WaitAsync(TimeSpan.FromMinutes(2));

        Assert.True(exit.ExitCode == 0, exit.ToString());
        ResultsFile.AssertExactlyOnce(ResultsFile.ReadCsv(results), 2000, i => (i / 20 * 100) + (i % 20));
        Assert.True(Directory.GetFiles(_folder.Path, "started-*").Length >= 3, "the killed server should have been started again");
    }

    [Fact]
    public async Task AParameterThatCrashesTheServerEveryTime_IsIsolatedAlone()
    {
        WriteModel("if x == 3 and y == 7:\n        os.kill(os.getpid(), 9)\n    return x * 100 + y");
        var results = _folder.File("results.csv");

        var run = await TtgProcess.RunAsync(_folder.Path, "run", "--serve", "python3 model.py", "--grid", "x=0..9,y=0..19", "--chunk-size", "40",
            "--workers", "2", "--store", Store, "--out", results);

        Assert.True(run.ExitCode == ExitCodes.ParametersFailed, run.ToString());
        var rows = ResultsFile.ReadCsv(results);
        ResultsFile.AssertExactlyOnce(rows, 200, i => (i / 20 * 100) + (i % 20), new HashSet<long> { 67 });
        Assert.Contains("killed by signal 9", rows[67]["error"]);
        Assert.Contains("alone", rows[67]["error"]);
    }

    [Fact]
    public async Task StandaloneWorkersOnRedis_ComputeAServeJobSubmittedElsewhere()
    {
        await using var redis = await RedisServerProcess.StartAsync();
        WriteModel("return x * 100 + y");
        var submit = await TtgProcess.RunAsync(_folder.Path, "submit", "--serve", "python3 model.py", "--grid", "x=0..49,y=0..19", "--chunk-size", "100", "--redis", redis.Url);
        Assert.True(submit.ExitCode == 0, submit.ToString());
        var jobId = submit.Stdout.Trim();

        var workers = Enumerable.Range(1, 2).Select(i => TtgProcess.Start(_folder.Path, null, "worker", "--redis", redis.Url, "--exit-when-idle", "--concurrency", "1", "--worker-id", $"w{i}")).ToList();
        try
        {
            foreach (var worker in workers)
            {
                var exit = await worker.WaitAsync(TimeSpan.FromMinutes(2));
                Assert.True(exit.ExitCode == 0, exit.ToString());
            }
        }
        finally
        {
            workers.ForEach(w => w.Dispose());
        }

        var path = _folder.File("results.csv");
        var export = await TtgProcess.RunAsync(_folder.Path, "results", jobId, "--out", path, "--redis", redis.Url);
        Assert.True(export.ExitCode == 0, export.ToString());
        ResultsFile.AssertExactlyOnce(ResultsFile.ReadCsv(path), 1000, i => (i / 20 * 100) + (i % 20));
    }

    /// <summary>A model script that marks each start with a file named for its pid, then serves <paramref name="body"/>.</summary>
    private void WriteModel(string body) => File.WriteAllText(_folder.File("model.py"), $$"""
        import os, sys, time
        sys.path.insert(0, {{PythonString(Helper)}})
        from ttg_serve import serve
        open(f"started-{os.getpid()}", "w").close()

        @serve
        def f(x, y):
            {{body}}
        """);

    private static string PythonString(string text) => "'" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal) + "'";
}
