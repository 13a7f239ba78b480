using System.ComponentModel;
using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Ttg.Testing;

/// <summary>
/// A real OS process started by a test: its stdout and stderr are captured while it runs, it can be waited for
/// with a timeout and sent signals, and disposing it kills whatever is left of it.
/// </summary>
public sealed class ChildProcess : IDisposable
{
    private readonly Process _process;
    private readonly string _commandLine;
    private readonly CapturedOutput _stdout;
    private readonly CapturedOutput _stderr;

    private ChildProcess(Process process, string commandLine)
    {
        _process = process;
        _commandLine = commandLine;
        _stdout = new CapturedOutput(process.StandardOutput);
        _stderr = new CapturedOutput(process.StandardError);
    }

    /// <summary>The process id.</summary>
    public int Id => _process.Id;

    /// <summary>Whether the process has exited.</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>What the process has written to stdout so far.</summary>
    public string Stdout => _stdout.Text;

    /// <summary>What the process has written to stderr so far.</summary>
    public string Stderr => _stderr.Text;

    /// <summary>
    /// Starts <paramref name="fileName"/> (looked up on PATH) with stdout and stderr captured. The child inherits this
    /// process's environment without <paramref name="unsetVariables"/> and with <paramref name="environment"/> on top;
    /// the working directory defaults to the current one.
    /// </summary>
    /// <exception cref="InvalidOperationException">The program is not installed or cannot be executed.</exception>
    public static ChildProcess Start(
        string fileName,
        IEnumerable<string> arguments,
        string? workingDirectory = null,
        IReadOnlyDictionary<string, string>? environment = null,
        IEnumerable<string>? unsetVariables = null)
    {
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? "",
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var name in unsetVariables ?? [])
        {
            info.Environment.Remove(name);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[name] = value;
        }

        var commandLine = string.Join(' ', info.ArgumentList.Prepend(fileName));
        try
        {
            var process = Process.Start(info) ?? throw new InvalidOperationException($"{commandLine} did not start");
            return new ChildProcess(process, commandLine);
        }
        catch (Win32Exception e)
        {
            throw new InvalidOperationException(
                $"'{fileName}' could not be started ({e.Message}). These tests need it installed and on PATH.", e);
        }
    }

    /// <summary>Starts a process and waits for it; see <see cref="Start"/> and <see cref="WaitAsync"/>.</summary>
    public static async Task<ProcessResult> RunAsync(
        string fileName,
        IEnumerable<string> arguments,
        TimeSpan timeout,
        string? workingDirectory = null,
        IReadOnlyDictionary<string, string>? environment = null,
        IEnumerable<string>? unsetVariables = null)
    {
        using var process = Start(fileName, arguments, workingDirectory, environment, unsetVariables);
        return await process.WaitAsync(timeout);
    }

    /// <summary>
    /// Waits until the process has exited and its output is complete. After <paramref name="timeout"/> it kills the
    /// process tree and throws a <see cref="TimeoutException"/> that carries the output so far.
    /// </summary>
    public async Task<ProcessResult> WaitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
            await Task.WhenAll(_stdout.Completion, _stderr.Completion).WaitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{_commandLine} did not exit within {timeout}.\nstdout:\n{Stdout}\nstderr:\n{Stderr}");
        }

        return new ProcessResult(_process.ExitCode, Stdout, Stderr);
    }

    /// <summary>Sends a signal to the process (not to its children); false when it could not be delivered, e.g. the process is gone.</summary>
    public bool Signal(UnixSignal signal) => SendSignal(_process.Id, (int)signal) == 0;

    /// <summary>
    /// SIGKILLs the process (not its children) and waits until it is gone; throws a <see cref="TimeoutException"/>
    /// with its output when it is still there after a minute.
    /// </summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            // SIGKILL ends a process at once unless it is stuck in the kernel (a hung mount, a full disk's I/O): fail the
            // test with what it printed instead of holding the run.
            var limit = TimeSpan.FromMinutes(1);
            if (!_process.WaitForExit(limit))
            {
                throw new TimeoutException($"{_commandLine} did not exit within {limit} of SIGKILL.\nstdout:\n{Stdout}\nstderr:\n{Stderr}");
            }
        }
    }

    /// <summary>Kills the process tree if it is still running.</summary>
    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
    }

    // Process.Kill only sends SIGKILL; the tests also need SIGTERM, SIGSTOP and SIGCONT.
    [DllImport("libc", EntryPoint = "kill")]
    private static extern int SendSignal(int pid, int signal);
}
