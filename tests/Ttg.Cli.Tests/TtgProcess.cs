using Ttg.Testing;

namespace Ttg.Cli.Tests;

/// <summary>Runs the real ttg program (ttg.dll beside the tests) as an OS process, in a clean environment.</summary>
internal static class TtgProcess
{
    // The seed's variables must not leak in from the machine running the tests.
    private static readonly string[] _seedVariables =
        ["REDIS_URL", "REDIS_HOST", "REDIS_PORT", "REDIS_PASSWORD", "QUEUE_MODE", "TTG_STORE", "TOTAL_PARAMETERS", "WORKER_ID", "TOTAL_WORKERS", "JOB_COMPLETION_INDEX", "TTG_JOB"];

    public static string TtgDll => Path.Combine(AppContext.BaseDirectory, "ttg.dll");

    public static ChildProcess Start(string workingDirectory, IReadOnlyDictionary<string, string>? environment, params string[] args) =>
        Start("dotnet", [TtgDll, .. args], workingDirectory, environment);

    /// <summary>Starts any program (a sample's dll, ttg under setpriv) with the same clean environment.</summary>
    public static ChildProcess Start(string fileName, IReadOnlyList<string> args, string workingDirectory, IReadOnlyDictionary<string, string>? environment = null) =>
        ChildProcess.Start(fileName, args, workingDirectory, environment, _seedVariables);

    public static async Task<ProcessResult> RunAsync(string workingDirectory, params string[] args) =>
        await RunAsync(workingDirectory, null, TimeSpan.FromMinutes(3), args);

    public static async Task<ProcessResult> RunAsync(string workingDirectory, IReadOnlyDictionary<string, string>? environment, TimeSpan timeout, params string[] args)
    {
        using var process = Start(workingDirectory, environment, args);
        return await process.WaitAsync(timeout);
    }
}
