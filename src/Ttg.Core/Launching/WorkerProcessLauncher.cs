using System.Diagnostics;

namespace Ttg.Launching;

/// <summary>
/// Starts worker child processes, each with its own id and log file. The parent keeps the handles, so it sees
/// a child die the moment it happens and can free its leases at once instead of waiting for them to expire.
/// </summary>
public sealed class WorkerProcessLauncher(WorkerCommandLine command, string logDirectory) : IDisposable
{
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

    /// <summary>Starts one worker with <c>--worker-id</c> set to <paramref name="workerId"/>.</summary>
    public WorkerProcess Start(string workerId)
    {
        Directory.CreateDirectory(LogDirectory);
        var logPath = Path.Combine(LogDirectory, $"{workerId}.log");
        var start = new ProcessStartInfo(command.FileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = false,
            UseShellExecute = false,
        };
        foreach (var argument in command.Arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.ArgumentList.Add("--worker-id");
        start.ArgumentList.Add(workerId);
        var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start worker process {command.FileName}.");
        var log = new StreamWriter(logPath, append: true) { AutoFlush = true };
        var gate = new object();
        process.OutputDataReceived += (_, e) => Append(log, gate, e.Data);
        process.ErrorDataReceived += (_, e) => Append(log, gate, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        process.EnableRaisingEvents = true;
        process.Exited += (_, _) =>
        {
            // Drain the pipes before closing the log so the last lines are kept.
            process.WaitForExit();
            lock (gate)
            {
                log.Dispose();
            }
        };
        var worker = new WorkerProcess(workerId, process, logPath);
        lock (_workers)
        {
            _workers.Add(worker);
        }

        return worker;
    }

    private static void Append(StreamWriter log, object gate, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (gate)
        {
            try
            {
                log.WriteLine(line);
            }
            catch (ObjectDisposedException)
            {
                // The process has exited and its log is closed.
            }
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var worker in _workers)
        {
            worker.Dispose();
        }
    }
}
