using Ttg.Testing;

namespace Ttg.Deploy.Tests;

/// <summary>
/// TTG's packages, packed from this checkout into a temporary folder that serves as a NuGet feed, under a version no
/// earlier run used (so NuGet's package cache cannot hand back an older build). Projects made from it live in a
/// folder outside the repository whose nuget.config adds the feed to the machine's configured sources, which still
/// serve the third-party dependencies. The cached copies of these packages are removed afterwards.
/// </summary>
public sealed class PackedFeed : IAsyncLifetime
{
    /// <summary>The library packages a user references, as the issue names them.</summary>
    public static readonly string[] Libraries = ["Ttg.Abstractions", "Ttg.Core", "Ttg.Data", "Ttg.Sqlite", "Ttg.Redis", "Ttg.Cli"];

    private static readonly string[] Tooling = ["ttg", "Ttg.Templates"];

    private readonly TemporaryFolder _root = new("ttg-packages-");

    public string Version { get; } = $"0.1.0-check.{DateTime.UtcNow:yyyyMMddHHmmss}.{Environment.ProcessId}";

    /// <summary>The folder holding the .nupkg files.</summary>
    public string Feed => Path.Combine(_root.Path, "feed");

    /// <summary>A folder outside the repository where projects see the feed.</summary>
    public string Workspace => Path.Combine(_root.Path, "work");

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Feed);
        Directory.CreateDirectory(Workspace);
        File.WriteAllText(Path.Combine(Workspace, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <add key="ttg-packed" value="{Feed}" />
              </packageSources>
            </configuration>
            """);

        // The tool's project references every library, so its pack builds them all; the others reuse that build.
        await PackAsync("src/Ttg/Ttg.csproj", build: true);
        foreach (var project in Libraries.Select(id => $"src/{id}/{id}.csproj").Append("src/Ttg.Templates/Ttg.Templates.csproj"))
        {
            await PackAsync(project, build: false);
        }
    }

    public string Package(string id, string extension = "nupkg") => Path.Combine(Feed, $"{id}.{Version}.{extension}");

    /// <summary>Runs dotnet in <paramref name="directory"/> and fails the test with its output when it fails.</summary>
    public static async Task<ProcessResult> DotnetAsync(string directory, params string[] arguments)
    {
        var run = await ChildProcess.RunAsync("dotnet", arguments, TimeSpan.FromMinutes(10), directory,
            new Dictionary<string, string> { ["DOTNET_NOLOGO"] = "1", ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1" });
        Assert.True(run.ExitCode == 0, $"dotnet {string.Join(' ', arguments)}: {run}");
        return run;
    }

    public Task DisposeAsync()
    {
        var cache = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } given
            ? given
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        foreach (var id in Libraries.Concat(Tooling))
        {
            var folder = Path.Combine(cache, id.ToLowerInvariant());
            if (Directory.Exists(Path.Combine(folder, Version)))
            {
                Directory.Delete(Path.Combine(folder, Version), recursive: true);
            }

            if (Directory.Exists(folder) && !Directory.EnumerateFileSystemEntries(folder).Any())
            {
                Directory.Delete(folder);
            }
        }

        _root.Dispose();
        return Task.CompletedTask;
    }

    private async Task PackAsync(string project, bool build)
    {
        string[] arguments = ["pack", project, "-c", "Release", "-o", Feed, $"-p:Version={Version}", "--nologo", "-v", "q"];
        await DotnetAsync(RepoPaths.Root, build ? arguments : [.. arguments, "--no-build", "--no-restore"]);
    }
}
