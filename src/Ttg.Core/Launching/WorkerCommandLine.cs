namespace Ttg.Launching;

/// <summary>How to start one more worker process: an executable and the arguments before the per-worker ones.</summary>
/// <param name="FileName">The executable (the running program, so the workers know the same computations).</param>
/// <param name="Arguments">Arguments common to every worker, for example <c>worker --store ttg.db --exit-when-idle</c>.</param>
public sealed record WorkerCommandLine(string FileName, IReadOnlyList<string> Arguments)
{
    /// <summary>
    /// The command that re-runs the current program: its own executable, or <c>dotnet app.dll</c> when it was
    /// started through the dotnet host.
    /// </summary>
    public static WorkerCommandLine ForCurrentProcess(IEnumerable<string> arguments)
    {
        var processPath = Environment.ProcessPath ?? throw new InvalidOperationException("The path of the running program is unknown, so worker processes cannot be started.");
        var entry = System.Reflection.Assembly.GetEntryAssembly()?.Location;
        var viaHost = Path.GetFileNameWithoutExtension(processPath).Equals("dotnet", StringComparison.OrdinalIgnoreCase);
        return viaHost && !string.IsNullOrEmpty(entry)
            ? new WorkerCommandLine(processPath, [entry, .. arguments])
            : new WorkerCommandLine(processPath, [.. arguments]);
    }
}
