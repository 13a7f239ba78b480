using System.Diagnostics;
using System.Text;

namespace Ttg.Cli.Tests;

/// <summary>Runs the real ttg program (ttg.dll beside the tests) as an OS process.</summary>
internal sealed class TtgProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();

    private TtgProcess(Process process)
    {
        _process = process;
    }

    public static string TtgDll => Path.Combine(AppContext.BaseDirectory, "ttg.dll");

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public string Stdout
    {
        get
        {
            lock (_stdout)
            {
                return _stdout.ToString();
            }
        }
    }

    public string Stderr
    {
        get
        {
            lock (_stderr)
            {
                return _stderr.ToString();
            }
        }
    }

    public static TtgProcess Start(string workingDirectory, IReadOnlyDictionary<string, string>? environment, params string[] args) =>
        Start("dotnet", [TtgDll, .. args], workingDirectory, environment);

    public static TtgProcess Start(string fileName, IReadOnlyList<string> args, string workingDirectory, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        // The seed's variables must not leak in from the machine running the tests.
        foreach (var name in new[] { "REDIS_URL", "REDIS_HOST", "QUEUE_MODE", "TTG_STORE", "TOTAL_PARAMETERS", "WORKER_ID", "TOTAL_WORKERS", "JOB_COMPLETION_INDEX", "TTG_JOB" })
        {
            start.Environment.Remove(name);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        var process = Process.Start(start)!;
        var wrapper = new TtgProcess(process);
        process.OutputDataReceived += (_, e) => Append(wrapper._stdout, e.Data);
        process.ErrorDataReceived += (_, e) => Append(wrapper._stderr, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return wrapper;
    }

    public static async Task<TtgResult> RunAsync(string workingDirectory, params string[] args) =>
        await RunAsync(workingDirectory, null, TimeSpan.FromMinutes(3), args);

    public static async Task<TtgResult> RunAsync(string workingDirectory, IReadOnlyDictionary<string, string>? environment, TimeSpan timeout, params string[] args)
    {
        using var process = Start(workingDirectory, environment, args);
        return await process.WaitAsync(timeout);
    }

    public async Task<TtgResult> WaitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            throw new TimeoutException($"ttg did not exit within {timeout}.\nstdout:\n{Stdout}\nstderr:\n{Stderr}");
        }

        _process.WaitForExit(); // flush the output events
        return new TtgResult(_process.ExitCode, Stdout, Stderr);
    }

    public void Signal(int signal) => _ = Kill(_process.Id, signal);

    public void KillHard() => _process.Kill();

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "kill")]
    private static extern int Kill(int pid, int signal);

    private static void Append(StringBuilder buffer, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (buffer)
        {
            buffer.AppendLine(line);
        }
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
    }
}

internal sealed record TtgResult(int ExitCode, string Stdout, string Stderr)
{
    public override string ToString() => $"exit {ExitCode}\nstdout:\n{Stdout}\nstderr:\n{Stderr}";
}
