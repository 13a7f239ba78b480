using System.Diagnostics;

namespace Ttg.Launching;

/// <summary>
/// Starts worker child processes, each with its own id and log file. The parent keeps the handles, so it sees
/// a child die the moment it happens and can free its leases at once instead of waiting for them to expire.
/// </summary>
/// <remarks>
/// Each child gets this process's id in <c>TTG_PARENT_WATCH</c> and stops, as on SIGTERM, once it is no longer this
/// process's child (this process died, however it died). Its stdout and stderr go straight to its log file (through <c>/bin/sh -c exec</c>, which
/// keeps the pid), so a child that outlives the parent by its grace period still logs what it does.
/// </remarks>
public sealed class WorkerProcessLauncher(WorkerCommandLine command, string logDirectory) : IDisposable
{
    /// <summary>The environment variable that tells a worker its parent's pid, so it stops when that parent dies.</summary>
    public const string ParentWatchVariable = "TTG_PARENT_WATCH";

    private readonly List<WorkerProcess> _workers = [];

    /// <summary>The workers started so far (a snapshot: a supervisor may start replacements while others read it).</summary>
    public IReadOnlyList<WorkerProcess> Workers
    {
        get
        {
            lock (_workers)
            {
                return [.. _workers];
            }
        }
    }

    /// <summary>The folder the workers' logs are written to.</summary>
    public string LogDirectory { get; } = logDirectory;

    /// <summary>
    /// Starts one worker, known as <paramref name="workerId"/> (its log file's name), with
    /// <paramref name="workerArguments"/> after the common ones (the caller's program names its own flags, such as
    /// the worker id), and <paramref name="environment"/> (none by default) added to the environment it inherits.
    /// </summary>
    public WorkerProcess Start(string workerId, IReadOnlyList<string> workerArguments, IReadOnlyDictionary<string, string>? environment = null)
    {
        ArgumentNullException.ThrowIfNull(workerArguments);
        Directory.CreateDirectory(LogDirectory);
        var logPath = Path.Combine(LogDirectory, $"{workerId}.log");
        File.AppendAllText(logPath, ""); // fail here, in the parent, when the log cannot be written
        var start = new ProcessStartInfo(OperatingSystem.IsWindows() ? command.FileName : "/bin/sh")
        {
            UseShellExecute = false,
        };
        if (!OperatingSystem.IsWindows())
        {
            foreach (var argument in new[] { "-c", "log=$1; shift; exec \"$@\" >>\"$log\" 2>&1", "sh", logPath, command.FileName })
            {
                start.ArgumentList.Add(argument);
            }
        }

        foreach (var argument in command.Arguments.Concat(workerArguments))
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment[ParentWatchVariable] = Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start worker process {command.FileName}.");
        var worker = new WorkerProcess(workerId, process, logPath);
        lock (_workers)
        {
            _workers.Add(worker);
        }

        return worker;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var worker in Workers)
        {
            worker.Dispose();
        }
    }
}
