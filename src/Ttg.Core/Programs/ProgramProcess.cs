using System.ComponentModel;
using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Ttg.Programs;

/// <summary>
/// Starts a user's program line as <c>setsid /bin/sh -c LINE</c>, so the shell leads a process group of its own
/// (its pid is the group id) and everything it starts can be killed at once with <c>kill(-pgid)</c>: a timed-out
/// parameter or a hung server leaves no grandchild behind. <see cref="Process"/> cannot put a child in a new
/// group and forking from .NET is unsafe, so util-linux's <c>setsid</c> does it; where it is missing, the shell
/// runs in TTG's group and is killed with its process tree instead.
/// </summary>
internal static partial class ProgramProcess
{
    private const int SigKill = 9;

    private static readonly string? Setsid = FindOnPath("setsid");

    /// <summary>The exit codes with which <c>sh</c> says the program could not be found (127) or run (126).</summary>
    public static bool IsMissingProgram(int exitCode) => exitCode is 126 or 127;

    /// <summary>Start info for <paramref name="line"/> with stdin, stdout and stderr redirected.</summary>
    public static ProcessStartInfo StartInfo(string line)
    {
        var info = new ProcessStartInfo(Setsid ?? "/bin/sh")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (Setsid is not null)
        {
            info.ArgumentList.Add("/bin/sh");
        }

        info.ArgumentList.Add("-c");
        info.ArgumentList.Add(line);
        return info;
    }

    /// <summary>Starts the program; a shell that cannot start at all is this worker's fault, not the parameter's.</summary>
    /// <exception cref="WorkerFaultException">No <c>/bin/sh</c> (for example a distroless image).</exception>
    public static Process Start(ProcessStartInfo info)
    {
        try
        {
            return Process.Start(info) ?? throw new WorkerFaultException($"Could not start {info.FileName} on this worker; run the worker where /bin/sh exists");
        }
        catch (Win32Exception ex)
        {
            throw new WorkerFaultException($"Could not start {info.FileName} on this worker ({ex.Message}); run the worker in an image with /bin/sh and the job's program", ex);
        }
    }

    /// <summary>Kills the program's whole process group (or its tree, without setsid); quiet when it is already gone.</summary>
    public static void KillGroup(Process process)
    {
        try
        {
            if (Setsid is not null && !OperatingSystem.IsWindows())
            {
                _ = SysKill(-process.Id, SigKill);
            }
            else if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
        catch (Exception ex) when (ex is InvalidOperationException or Win32Exception)
        {
            // Already exited and reaped: nothing left to kill.
        }
    }

    private static string? FindOnPath(string name)
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin";
        foreach (var folder in path.Split(':', StringSplitOptions.RemoveEmptyEntries).Append("/usr/bin").Append("/bin"))
        {
            var candidate = Path.Combine(folder, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int SysKill(int pid, int signal);
}
