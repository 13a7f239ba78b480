using System.Runtime.InteropServices;

namespace Ttg.Launching;

/// <summary>Sends a POSIX signal to a process; .NET offers only SIGKILL (Process.Kill), and graceful stops need SIGTERM.</summary>
internal static partial class PosixSignals
{
    public const int SigTerm = 15;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int SysKill(int pid, int signal);

    /// <summary>Sends <paramref name="signal"/> to <paramref name="processId"/>; false when the process is gone.</summary>
    public static bool Send(int processId, int signal) =>
        !OperatingSystem.IsWindows() && SysKill(processId, signal) == 0;
}
