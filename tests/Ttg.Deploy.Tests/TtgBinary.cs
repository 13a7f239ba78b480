using Ttg.Testing;

namespace Ttg.Deploy.Tests;

/// <summary>
/// The real <c>ttg</c> executable: <c>$TTG_BINARY</c> when set, otherwise the one src/Ttg (a project reference)
/// put beside the tests. The manifests must match the CLI that ships.
/// </summary>
public sealed class TtgBinary : IAsyncLifetime
{
    public string Path { get; private set; } = "";

    public async Task InitializeAsync()
    {
        var given = Environment.GetEnvironmentVariable("TTG_BINARY");
        if (!string.IsNullOrEmpty(given))
        {
            Path = given;
            return;
        }

        // src/Ttg is a project reference, so the ttg executable the tests check is the one this build produced.
        Path = System.IO.Path.Combine(AppContext.BaseDirectory, OperatingSystem.IsWindows() ? "ttg.exe" : "ttg");
        if (!File.Exists(Path))
        {
            throw new InvalidOperationException($"{Path} does not exist: the test project must reference src/Ttg (AssemblyName ttg)");
        }

        await Task.CompletedTask;
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public async Task<string> RunAsync(params string[] args)
    {
        var outcome = await ChildProcess.RunAsync(Path, args, TimeSpan.FromMinutes(1), RepoPaths.Root);
        Assert.True(outcome.ExitCode == 0, $"ttg {string.Join(' ', args)} exited {outcome.ExitCode}:\n{outcome.Stderr}");
        return outcome.Stdout;
    }
}
