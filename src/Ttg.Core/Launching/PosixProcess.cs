using System.Runtime.InteropServices;

namespace Ttg.Launching;

/// <summary>What .NET does not tell about the current process on POSIX systems.</summary>
public static partial class PosixProcess
{
    /// <summary>
    /// The id of this process's parent (<c>getppid</c>). It changes when the parent dies and the child is handed to
    /// init or a subreaper, which is how a worker notices that <c>ttg run</c> is gone. Zero on Windows.
    /// </summary>
    public static int ParentId => OperatingSystem.IsWindows() ? 0 : GetParentProcessId();

    [LibraryImport("libc", EntryPoint = "getppid")]
    private static partial int GetParentProcessId();
}
