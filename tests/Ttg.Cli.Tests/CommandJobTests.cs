using System.Globalization;
using Ttg.Testing;

namespace Ttg.Cli.Tests;

/// <summary>--command jobs as real processes: a Python script per parameter, its failures, its time limit.</summary>
public sealed class CommandJobTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public CommandJobTests() => DebianPackage.Ensure("python3", "python3");

    private string Store => _folder.File("ttg.db");

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task APythonScriptOnATwoAxisGrid_GivesExactlyOneCorrectRowPerParameter()
    {
        File.WriteAllText(_folder.File("sim.py"), """
            import argparse, json, os
            p = argparse.ArgumentParser(); p.add_argument("--x", type=float); p.add_argument("--y")
            a = p.parse_args()
            print("warming up")  # only the last line counts
            value = a.x * 10 + float(a.y) if a.y.isdigit() else -1
            print(json.dumps({"value": value, "label": a.y, "env": int(os.environ["TTG_INDEX"]) + float(os.environ["TTG_PARAM_X"])}))
            """);
        var results = _folder.File("results.csv");

        var run = await TtgProcess.RunAsync(_folder.Path, "run", "--command", "python3 sim.py --x {x} --y {y}", "--grid", "x=0:4:5,y=[1,2,it's]",
            "--chunk-size", "4", "--workers", "2", "--store", Store, "--out", results);

        Assert.True(run.ExitCode == 0, run.ToString());
        var rows = ResultsFile.ReadCsv(results);
        Assert.Equal(15, rows.Count);
        for (var i = 0; i < rows.Count; i++)
        {
            var row = rows[i];
            var x = double.Parse(row["x"], CultureInfo.InvariantCulture);
            Assert.Equal(i.ToString(CultureInfo.InvariantCulture), row["index"]);
            Assert.Equal(row["y"], row["label"]); // a value with a quote reached the script as one argument
            Assert.Equal(i + x, double.Parse(row["env"], CultureInfo.InvariantCulture));
            var expected = double.TryParse(row["y"], CultureInfo.InvariantCulture, out var y) ? (x * 10) + y : -1;
            Assert.Equal(expected, double.Parse(row["value"], CultureInfo.InvariantCulture));
        }
    }

    [Fact]
    public async Task AParameterWhoseProcessExitsThree_IsRecordedWithItsStderrTail()
    {
        File.WriteAllText(_folder.File("sim.py"), """
            import sys
            i = int(sys.argv[1])
            if i == 7:
                print("first line of the complaint", file=sys.stderr)
                print(f"cannot simulate {i}", file=sys.stderr)
                sys.exit(3)
            print(i * 2)
            """);
        var results = _folder.File("results.csv");

        var run = await TtgProcess.RunAsync(_folder.Path, "run", "--command", "python3 sim.py {index}", "--params", "12", "--chunk-size", "4",
            "--max-attempts", "1", "--workers", "2", "--store", Store, "--out", results);

        Assert.True(run.ExitCode == ExitCodes.ParametersFailed, run.ToString());
        var rows = ResultsFile.ReadCsv(results);
        ResultsFile.AssertExactlyOnce(rows, 12, i => i * 2, new HashSet<long> { 7 });
        Assert.StartsWith("program failed: ", rows[7]["error"]); // in words, not TTG's exception type
        Assert.Contains("#7: program failed: ", run.Stdout);
        Assert.DoesNotContain("Exception", run.Stdout);
        Assert.Contains("exited 3", rows[7]["error"]);
        Assert.Contains("first line of the complaint | cannot simulate 7", rows[7]["error"]);
    }

    [Fact]
    public async Task AHangingCommandPastItsTimeout_HasItsWholeProcessGroupKilled()
    {
        var pidFile = _folder.File("grandchild.pid");
        File.WriteAllText(_folder.File("hang.sh"), $"""
            if [ "$TTG_INDEX" = 1 ]; then
              sleep 300 &
              echo $! > {pidFile}
              wait
            fi
            echo "$TTG_INDEX"
            """);
        var results = _folder.File("results.csv");

        var run = await TtgProcess.RunAsync(_folder.Path, "run", "--command", "sh hang.sh", "--params", "3", "--timeout", "1",
            "--max-attempts", "1", "--workers", "1", "--store", Store, "--out", results);

        Assert.True(run.ExitCode == ExitCodes.ParametersFailed, run.ToString());
        var rows = ResultsFile.ReadCsv(results);
        ResultsFile.AssertExactlyOnce(rows, 3, i => i, new HashSet<long> { 1 });
        Assert.StartsWith("timed out: ", rows[1]["error"]);
        var grandchild = int.Parse(File.ReadAllText(pidFile).Trim(), CultureInfo.InvariantCulture);
        Assert.False(IsRunning(grandchild), $"the hanging command's grandchild {grandchild} survived its group's kill");
    }

    /// <summary>True while the process exists and is not a zombie waiting for a reaper that may never come.</summary>
    private static bool IsRunning(int pid)
    {
        var stat = $"/proc/{pid}/stat";
        if (!File.Exists(stat))
        {
            return false;
        }

        var text = File.ReadAllText(stat);
        return text[(text.LastIndexOf(')') + 2)] != 'Z';
    }
}
