using System.Globalization;
using Ttg.Launching;

namespace Ttg.Cli.Hosting;

/// <summary>
/// Lets a worker started by <c>ttg run</c> notice that its parent is gone, even when the parent was SIGKILLed and
/// could not stop it: the launcher puts its own pid in <c>TTG_PARENT_WATCH</c>, and the worker checks four times a
/// second that it is still its parent. When the parent dies the kernel hands the child to another process (init
/// or a subreaper), so <c>getppid()</c> changes, and the worker stops as on SIGTERM.
/// </summary>
/// <remarks>
/// Linux's parent-death signal (<c>prctl(PR_SET_PDEATHSIG)</c>) fires when the <em>thread</em> that forked the child
/// exits, and .NET forks from whichever thread called <c>Process.Start</c>, so a healthy parent could stop its own
/// workers. A pipe on the child's stdin, closed by the kernel when the parent dies, was tried first: under
/// <c>ttg run</c> with two workers the children sometimes read end-of-file within a second of starting while the
/// parent was alive and still held the write end, a fault not found; the parent's pid involves no descriptor at all.
/// Only enabled through the variable, which <c>ttg run</c> sets for its children: a worker started by an orchestrator
/// or a shell must not stop because of who its parent is.
/// </remarks>
internal sealed class ParentWatch : IDisposable
{
    /// <summary>The environment variable <c>ttg run</c> sets on its workers: its own process id.</summary>
    public const string Variable = "TTG_PARENT_WATCH";

    private static readonly TimeSpan Every = TimeSpan.FromMilliseconds(250);
    private readonly CancellationTokenSource _gone = new();
    private ITimer? _timer;

    private ParentWatch()
    {
    }

    /// <summary>Cancelled when the parent is gone; never cancelled when the watch is not enabled.</summary>
    public CancellationToken Token => _gone.Token;

    /// <summary>
    /// Starts watching when <see cref="Variable"/> holds a process id; otherwise a watch that never fires.
    /// <paramref name="onGone"/> (for example <see cref="ShutdownSignal.Request"/>) runs once when the parent is gone.
    /// </summary>
    public static ParentWatch FromEnvironment(TimeProvider time, Action? onGone = null)
    {
        var watch = new ParentWatch();
        if (onGone is not null)
        {
            watch._gone.Token.Register(onGone);
        }

        if (!OperatingSystem.IsWindows() && int.TryParse(Environment.GetEnvironmentVariable(Variable), NumberStyles.None, CultureInfo.InvariantCulture, out var parent) && parent > 0)
        {
            watch._timer = time.CreateTimer(_ => watch.Check(parent), null, TimeSpan.Zero, Every);
        }

        return watch;
    }

    private void Check(int parent)
    {
        if (_gone.IsCancellationRequested || PosixProcess.ParentId == parent)
        {
            return;
        }

        try
        {
            // Said on stderr, which ttg run sends to this worker's log file, so the log tells why the worker stopped.
            Console.Error.WriteLine($"ttg run (pid {parent}), the parent of this worker, is gone: stopping as on SIGTERM");
            _gone.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The worker finished first.
        }
    }

    public void Dispose()
    {
        _timer?.Dispose();
        _gone.Dispose();
    }
}
