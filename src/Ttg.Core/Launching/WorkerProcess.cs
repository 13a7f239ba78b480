using System.Diagnostics;

namespace Ttg.Launching;

/// <summary>One worker child process and where its log goes.</summary>
public sealed class WorkerProcess : IDisposable
{
    private readonly Process _process;

    internal WorkerProcess(string workerId, Process process, string logPath)
    {
        WorkerId = workerId;
        _process = process;
        LogPath = logPath;
    }

    /// <summary>The worker id it holds leases under.</summary>
    public string WorkerId { get; }

    /// <summary>The OS process id.</summary>
    public int ProcessId => _process.Id;

    /// <summary>The file its output is written to.</summary>
    public string LogPath { get; }

    /// <summary>True once the process has exited.</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>The exit code; only meaningful after exit.</summary>
    public int ExitCode => _process.ExitCode;

    /// <summary>Set when this launcher killed it on purpose (the fault demo).</summary>
    public bool KilledOnPurpose { get; internal set; }

    /// <summary>
    /// True while the process is stopped (SIGSTOP, SIGTSTP, a debugger): it holds its leases, and on SQLite perhaps
    /// the write lock, without working. Read from <c>/proc/PID/stat</c>; false where that does not exist.
    /// </summary>
    public bool IsStopped
    {
        get
        {
            try
            {
                var stat = File.ReadAllText($"/proc/{_process.Id}/stat");

                // "pid (name) S ...": the name may hold spaces and parentheses, so the state follows the last ')'.
                var close = stat.LastIndexOf(')');
                return close > 0 && close + 2 < stat.Length && stat[close + 2] is 'T' or 't';
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidOperationException)
            {
                return false;
            }
        }
    }

    /// <summary>Sends SIGKILL: the process dies at once, holding whatever leases it had.</summary>
    public void Kill()
    {
        KilledOnPurpose = true;
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: false);
        }
    }

    /// <summary>Sends SIGTERM (or SIGINT-equivalent) so the worker stops gracefully and releases its chunks.</summary>
    public void Terminate()
    {
        if (!_process.HasExited)
        {
            PosixSignals.Send(_process.Id, PosixSignals.SigTerm);
        }
    }

    /// <summary>Waits for exit; false when the timeout passed first.</summary>
    public async Task<bool> WaitForExitAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    /// <inheritdoc />
    public void Dispose() => _process.Dispose();
}
