using System.IO.Compression;
using System.Reflection.Metadata;
using System.Xml.Linq;
using Ttg.Testing;

namespace Ttg.Deploy.Tests;

/// <summary>
/// TTG as .NET users get it: the library packages referenced by version from a fresh console project outside the
/// repository, the ttg tool installed from the feed, and the project `dotnet new ttg-sweep` creates. Each builds
/// without a warning and computes a sweep.
/// </summary>
[Collection(ReleaseBuilds.Name)]
public sealed class PackageTests(PackedFeed packed) : IClassFixture<PackedFeed>
{
    [Fact]
    public void EveryLibraryPackage_CarriesItsDescription_License_Readme_Repository_XmlDocs_AndDeterministicSymbols()
    {
        var inGitCheckout = File.Exists(Path.Combine(RepoPaths.Root, ".git")) || Directory.Exists(Path.Combine(RepoPaths.Root, ".git"));
        foreach (var id in PackedFeed.Libraries)
        {
            using var package = ZipFile.OpenRead(packed.Package(id));
            var nuspec = XDocument.Load(package.GetEntry($"{id}.nuspec")!.Open()).Root!;
            string? Field(string name) => nuspec.Descendants().FirstOrDefault(e => e.Name.LocalName == name)?.Value;
            var repository = nuspec.Descendants().Single(e => e.Name.LocalName == "repository");

            Assert.False(string.IsNullOrWhiteSpace(Field("description")), id);
            Assert.Equal("MIT", Field("license"));
            Assert.Equal("README.md", Field("readme"));
            Assert.NotNull(package.GetEntry("README.md"));
            Assert.StartsWith("https://", (string?)repository.Attribute("url"));
            if (inGitCheckout)
            {
                Assert.Matches("^[0-9a-f]{40}$", (string?)repository.Attribute("commit") ?? "");
            }

            Assert.NotNull(package.GetEntry($"lib/net10.0/{id}.xml"));

            // Packed builds map source paths to /_/ so the same commit builds the same bytes on any machine.
            using var symbols = ZipFile.OpenRead(packed.Package(id, "snupkg"));
            using var pdb = new MemoryStream();
            symbols.GetEntry($"lib/net10.0/{id}.pdb")!.Open().CopyTo(pdb);
            pdb.Position = 0;
            using var provider = MetadataReaderProvider.FromPortablePdbStream(pdb);
            var reader = provider.GetMetadataReader();
            var documents = reader.Documents.Select(d => reader.GetString(reader.GetDocument(d).Name)).ToList();
            Assert.NotEmpty(documents);
            Assert.All(documents, path => Assert.StartsWith("/_/", path));
        }
    }

    [Fact]
    public async Task AConsoleProjectOutsideTheRepository_ReferencingTtgCliByVersion_BuildsWithoutWarnings_AndRunsASweep()
    {
        var project = Path.Combine(packed.Workspace, "Consumer");
        Directory.CreateDirectory(project);
        File.WriteAllText(Path.Combine(project, "Consumer.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <ImplicitUsings>enable</ImplicitUsings>
                <Nullable>enable</Nullable>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="Ttg.Cli" Version="{packed.Version}" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(project, "Program.cs"), """
            using Ttg;
            using Ttg.Cli;

            return await TtgCommandLine.RunAsync(args, computations => computations.Add("cube", p => (double)p.Index * p.Index * p.Index));
            """);

        var build = await PackedFeed.DotnetAsync(project, "build", "-warnaserror", "--nologo");
        Assert.Contains("0 Warning(s)", build.Stdout);

        var results = Path.Combine(project, "cubes.csv");
        await PackedFeed.DotnetAsync(project, "run", "--no-build", "--", "run", "cube", "--params", "50", "--workers", "2", "--out", results);

        var rows = File.ReadAllLines(results).Skip(1).Select(line => line.Split(',')).ToList();
        Assert.Equal(50, rows.Count);
        Assert.All(rows, row => Assert.Equal(Math.Pow(long.Parse(row[0]), 3), double.Parse(row[1], System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public async Task DotnetToolInstall_FromTheFeed_GivesAWorkingTtg()
    {
        var tools = Path.Combine(packed.Workspace, "tools");
        await PackedFeed.DotnetAsync(packed.Workspace, "tool", "install", "ttg", "--version", packed.Version, "--add-source", packed.Feed, "--tool-path", tools);

        var results = Path.Combine(packed.Workspace, "squares.csv");
        var run = await ChildProcess.RunAsync(Path.Combine(tools, "ttg"), ["run", "square", "--params", "20", "--out", results], TimeSpan.FromMinutes(1), packed.Workspace);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(Enumerable.Range(0, 20).Select(i => $"{i},{i * i},"), File.ReadAllLines(results).Skip(1));
    }

    [Fact]
    public async Task DotnetNewTtgSweep_CreatesAProjectThatBuildsWithoutWarnings_AndRunsItsSweep()
    {
        // A private template hive, so the user's own dotnet new list is left as it was.
        var hive = Path.Combine(packed.Workspace, "template-hive");
        await PackedFeed.DotnetAsync(packed.Workspace, "new", "install", packed.Package("Ttg.Templates"), "--debug:custom-hive", hive);
        await PackedFeed.DotnetAsync(packed.Workspace, "new", "ttg-sweep", "-o", "MySweep", "--debug:custom-hive", hive);
        var project = Path.Combine(packed.Workspace, "MySweep");
        Assert.True(File.Exists(Path.Combine(project, "MySweep.csproj")));

        var build = await PackedFeed.DotnetAsync(project, "build", "-warnaserror", "--nologo");
        Assert.Contains("0 Warning(s)", build.Stdout);
        var results = Path.Combine(project, "results.csv");
        var run = await PackedFeed.DotnetAsync(project, "run", "--no-build", "--", "run", "model", "--grid", "x=0:2:5,y=0:2:5", "--out", results);

        Assert.Equal(1 + 25, File.ReadAllLines(results).Length);
        Assert.Contains("(x=1, y=1) -> 0", run.Stdout + run.Stderr); // Rosenbrock's minimum, found by the sweep
    }
}
