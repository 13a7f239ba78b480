using System.Globalization;
using System.Runtime.InteropServices;

namespace Ttg.Cli.Tests;

/// <summary>Reads /proc to find a process's children and whether a pid is still a live process; sends raw signals.</summary>
internal static class ProcessTable
{
    /// <summary>The pids whose parent is <paramref name="parentId"/>.</summary>
    public static List<int> ChildrenOf(int parentId)
    {
        var children = new List<int>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && Stat(pid) is { } stat && stat.ParentId == parentId)
            {
                children.Add(pid);
            }
        }

        return children;
    }

    /// <summary>True while <paramref name="pid"/> is a process that has not exited (a zombie has exited).</summary>
    public static bool IsAlive(int pid) => Stat(pid) is { State: not ('Z' or 'X') };

    /// <summary>True while <paramref name="pid"/> is stopped (SIGSTOP).</summary>
    public static bool IsStopped(int pid) => Stat(pid) is { State: 'T' or 't' };

    /// <summary>The command line of <paramref name="pid"/>, arguments joined by spaces; empty when it is gone.</summary>
    public static string CommandLine(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ').Trim();
        }
        catch (IOException)
        {
            return "";
        }
    }

    public static void Signal(int pid, Ttg.Testing.UnixSignal signal) => _ = SendSignal(pid, (int)signal);

    private static (char State, int ParentId)? Stat(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return (fields[0][0], int.Parse(fields[1], CultureInfo.InvariantCulture));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    [DllImport("libc", EntryPoint = "kill")]
    private static extern int SendSignal(int pid, int signal);
}
