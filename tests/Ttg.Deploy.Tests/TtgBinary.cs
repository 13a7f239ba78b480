namespace Ttg.Deploy.Tests;

/// <summary>
/// The real <c>ttg</c> executable: <c>$TTG_BINARY</c> when set, otherwise src/Ttg built once into the
/// test's output folder. Building is part of the check: the manifests must match the CLI that ships.
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

        var output = System.IO.Path.Combine(AppContext.BaseDirectory, "ttg-cli");
        var project = System.IO.Path.Combine(RepoPaths.Root, "src", "Ttg", "Ttg.csproj");
        var build = await ProcessRunner.RunAsync(
            "dotnet", ["build", project, "-c", "Release", "-o", output, "-nologo", "-v", "q"], TimeSpan.FromMinutes(10));
        if (build.ExitCode != 0)
        {
            throw new InvalidOperationException($"building src/Ttg failed (exit {build.ExitCode}):\n{build.StdOut}\n{build.StdErr}");
        }

        Path = System.IO.Path.Combine(output, OperatingSystem.IsWindows() ? "ttg.exe" : "ttg");
        if (!File.Exists(Path))
        {
            throw new InvalidOperationException($"src/Ttg built, but {Path} does not exist (AssemblyName must be ttg)");
        }
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public async Task<string> RunAsync(params string[] args)
    {
        var outcome = await ProcessRunner.RunAsync(Path, args, TimeSpan.FromMinutes(1));
        Assert.True(outcome.ExitCode == 0, $"ttg {string.Join(' ', args)} exited {outcome.ExitCode}:\n{outcome.StdErr}");
        return outcome.StdOut;
    }
}
