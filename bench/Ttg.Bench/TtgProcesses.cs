using System.Diagnostics;
using System.Text;
using System.Text.Json;

namespace Ttg.Bench;

/// <summary>Runs the real <c>ttg</c> binary: one-shot commands, and worker processes watched through /proc.</summary>
internal sealed class TtgProcesses(string ttgPath, string workDirectory)
{
    public string TtgPath => ttgPath;

    /// <summary>Runs a ttg command to its end; throws with its output when it fails.</summary>
    public async Task<string> RunAsync(IEnumerable<string> arguments, TimeSpan timeout)
    {
        using var process = Start(arguments, null);
        var output = new StringBuilder();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { lock (output) { output.AppendLine(e.Data); } } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (output) { output.AppendLine(e.Data); } } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"ttg {string.Join(' ', arguments)} took longer than {timeout.TotalSeconds} s:\n{output}");
        }

        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"ttg {string.Join(' ', arguments)} exited {process.ExitCode}:\n{output}");
        }

        return output.ToString();
    }

    /// <summary>Starts one worker; its output goes to a log file read afterwards.</summary>
    public WorkerHandle StartWorker(IEnumerable<string> arguments, string workerId)
    {
        var log = Path.Combine(workDirectory, $"{workerId}.log");
        var spawnedAt = TimeProvider.System.GetUtcNow();
        var process = Start(arguments, log);
        return new WorkerHandle(workerId, process, spawnedAt, log);
    }

    private Process Start(IEnumerable<string> arguments, string? log)
    {
        var info = new ProcessStartInfo(ttgPath)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workDirectory,
        };
        foreach (var a in arguments)
        {
            info.ArgumentList.Add(a);
        }

        info.Environment["NO_COLOR"] = "1";
        var process = Process.Start(info) ?? throw new InvalidOperationException("ttg did not start");
        if (log is not null)
        {
            var writer = new StreamWriter(log) { AutoFlush = true };
            process.OutputDataReceived += (_, e) => { if (e.Data is not null) { lock (writer) { writer.WriteLine(e.Data); } } };
            process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (writer) { writer.WriteLine(e.Data); } } };
            process.Exited += (_, _) => { };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
        }

        return process;
    }
}

/// <summary>A running worker process and what was sampled of it.</summary>
internal sealed class WorkerHandle(string workerId, Process process, DateTimeOffset spawnedAt, string log)
{
    public string WorkerId => workerId;

    public Process Process => process;

    public DateTimeOffset SpawnedAt => spawnedAt;

    public ProcSample Last { get; private set; }

    public void Sample()
    {
        // A process that has exited but is not yet reaped still shows its CPU time, but no memory lines.
        if (ProcSample.Read(process.Id) is { } sample)
        {
            Last = new ProcSample(Math.Max(Last.PeakRssKiB, sample.PeakRssKiB), Math.Max(Last.CpuSeconds, sample.CpuSeconds));
        }
    }

    /// <summary>Timestamps of the worker's log events with this id (json log format).</summary>
    public List<DateTimeOffset> EventTimes(int eventId)
    {
        var times = new List<DateTimeOffset>();
        if (!File.Exists(log))
        {
            return times;
        }

        foreach (var line in File.ReadLines(log))
        {
            if (!line.StartsWith('{'))
            {
                continue;
            }

            try
            {
                using var doc = JsonDocument.Parse(line);
                if (doc.RootElement.TryGetProperty("EventId", out var id) && id.GetInt32() == eventId)
                {
                    times.Add(doc.RootElement.GetProperty("Timestamp").GetDateTimeOffset());
                }
            }
            catch (JsonException)
            {
            }
        }

        return times;
    }

    public string LogText => File.Exists(log) ? File.ReadAllText(log) : "";
}
