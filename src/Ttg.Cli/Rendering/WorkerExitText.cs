using System.Text;
using System.Text.Json;

namespace Ttg.Cli.Rendering;

/// <summary>
/// What a worker's exit means to the person watching <c>ttg run</c>: the reason it gave (its last error in its
/// log, one line) and what its exit code says about it.
/// </summary>
internal static class WorkerExitText
{
    private const int TailBytes = 64 * 1024;

    /// <summary>True for the exits that say "this worker cannot go on here", as opposed to a crash or a kill.</summary>
    public static bool IsWorkerFault(int exitCode) => exitCode is ExitCodes.BackendUnavailable or ExitCodes.WorkerFault;

    /// <summary>What the exit code means, as the end of a sentence.</summary>
    public static string Meaning(int exitCode) => exitCode switch
    {
        ExitCodes.BackendUnavailable => "the store cannot be used from this worker",
        ExitCodes.WorkerFault => "this worker cannot compute here",
        ExitCodes.WorkerAbandonedParameter => "a parameter ignored its time limit",
        _ => $"it died (exit {exitCode})",
    };

    /// <summary>
    /// The message of the last error or critical entry in a worker's JSON log, first line only; null when there is none.
    /// Only the end of the log is read: the reason is what the worker said last.
    /// </summary>
    public static string? ReasonFromLog(string logPath)
    {
        string tail;
        try
        {
            using var file = new FileStream(logPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            file.Seek(Math.Max(0, file.Length - TailBytes), SeekOrigin.Begin);
            using var reader = new StreamReader(file, Encoding.UTF8);
            tail = reader.ReadToEnd();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        foreach (var line in tail.Split('\n').Reverse())
        {
            if (ErrorMessage(line.Trim()) is { } message)
            {
                return message;
            }
        }

        return null;
    }

    private static string? ErrorMessage(string line)
    {
        if (!line.StartsWith('{'))
        {
            return null;
        }

        try
        {
            using var entry = JsonDocument.Parse(line);
            var root = entry.RootElement;
            var level = root.TryGetProperty("LogLevel", out var l) ? l.GetString() : null;
            if (level is not ("Error" or "Critical") || !root.TryGetProperty("Message", out var m) || m.GetString() is not { Length: > 0 } message)
            {
                return null;
            }

            return message.Split('\n')[0].Trim().TrimEnd('.');
        }
        catch (JsonException)
        {
            return null; // a line cut by the tail window, or not a log entry
        }
    }
}
