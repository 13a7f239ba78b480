using System.Xml.Linq;
using Ttg.Testing;

namespace Ttg.Deploy.Tests;

/// <summary>
/// A user's own console project reaches the worker image through the Dockerfile's PROJECT argument, which
/// scripts/build.sh --project sets. Checked offline (no Docker here): build.sh's arguments are read from its --dry-run,
/// the build context is made the way Docker makes it (.dockerignore applied to the Dockerfile's COPY lines), and the
/// Dockerfile's own RUN line publishes samples/OptionPricing in it.
/// </summary>
[Collection(ReleaseBuilds.Name)]
public sealed class UserProjectImageTests
{
    private const string Sample = "samples/OptionPricing/OptionPricing.csproj";

    private static string DockerfilePath => Path.Combine(RepoPaths.Root, "deploy", "docker", "Dockerfile");

    [Fact]
    public void TheDockerfile_PublishesThePROJECTArgument_AndNamesItsProgramTtg()
    {
        var dockerfile = new DockerfileText(File.ReadAllText(DockerfilePath), new Dictionary<string, string>());
        var run = dockerfile.Run("build");

        Assert.Equal("src/Ttg/Ttg.csproj", dockerfile.Arguments["PROJECT"]);
        Assert.Equal("src/Ttg", dockerfile.Arguments["PROJECT_DIR"]);
        Assert.Contains(dockerfile.ContextCopies("build"), copy => copy.Sources.Contains("src/Ttg/"));
        Assert.Contains("dotnet publish \"$PROJECT\"", run);
        Assert.DoesNotContain("AssemblyName=", run); // on the command line it would rename every referenced project too
        Assert.Contains("/app/ttg", run);
        Assert.Contains("ENTRYPOINT [\"ttg\"]", File.ReadAllText(DockerfilePath)); // so the manifests need only the image name
    }

    [Fact]
    public void TheDockerfile_OffersAPythonRuntime_ThroughTheRUNTIMEArgument()
    {
        var text = File.ReadAllText(DockerfilePath);

        Assert.Contains("ARG RUNTIME=chiseled", text);
        Assert.Contains("AS runtime-chiseled", text);
        Assert.Contains("AS runtime-python", text);
        Assert.Contains("install -y --no-install-recommends python3 util-linux", text);
        Assert.Contains("FROM runtime-${RUNTIME} AS final", text);
    }

    [Fact]
    public async Task BuildSh_PassesTheProjectAndItsFolder_AsBuildArguments()
    {
        var arguments = await BuildArgumentsAsync("--project", Sample, "--python");

        Assert.Equal(Sample, arguments["PROJECT"]);
        Assert.Equal("samples/OptionPricing", arguments["PROJECT_DIR"]);
        Assert.Equal("python", arguments["RUNTIME"]);
    }

    [Fact]
    public async Task BuildSh_RefusesAProjectOutsideTheBuildContext_WithExitTwo()
    {
        var outside = Directory.CreateTempSubdirectory("ttg-outside-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(outside, "Mine.csproj"), "<Project />");

            var run = await BuildShAsync("--project", Path.Combine(outside, "Mine.csproj"), "--dry-run");

            Assert.Equal(2, run.ExitCode);
            Assert.Contains("must be inside", run.Stderr);
            Assert.Single(run.Stderr.Trim().Split('\n'));
        }
        finally
        {
            Directory.Delete(outside, recursive: true);
        }
    }

    [Fact]
    public async Task TheBuildContext_HoldsTheSampleAndEveryProjectItReferences_InBothRuntimes()
    {
        var arguments = await BuildArgumentsAsync("--project", Sample, "--python");
        var dockerfile = new DockerfileText(File.ReadAllText(DockerfilePath), arguments);
        using var context = new TemporaryFolder("ttg-context-");

        var missing = DockerBuildContext.Stage(RepoPaths.Root, dockerfile, "build", context.Path)
            .Concat(DockerBuildContext.Stage(RepoPaths.Root, dockerfile, "runtime-python", Path.Combine(context.Path, "python")));

        Assert.Empty(missing);
        Assert.Empty(UnresolvedReferences(Path.Combine(context.Path, Sample)));
    }

    [Fact]
    public async Task TheDockerfilesPublishStep_RunHere_MakesATtgThatComputesTheSamplesComputation()
    {
        var arguments = await BuildArgumentsAsync("--project", Sample);
        var dockerfile = new DockerfileText(File.ReadAllText(DockerfilePath), arguments);
        using var context = new TemporaryFolder("ttg-context-");
        Assert.Empty(DockerBuildContext.Stage(RepoPaths.Root, dockerfile, "build", context.Path));
        var app = Path.Combine(context.Path, "app");

        // The RUN line exactly as the image runs it, with the build arguments in its environment and /app moved here.
        var environment = dockerfile.Arguments.ToDictionary(a => a.Key, a => a.Value);
        environment["TARGETARCH"] = System.Runtime.InteropServices.RuntimeInformation.OSArchitecture == System.Runtime.InteropServices.Architecture.Arm64 ? "arm64" : "amd64";
        environment["DOTNET_NOLOGO"] = "1";
        var publish = await ChildProcess.RunAsync("sh", ["-c", dockerfile.Run("build").Replace("/app", app)], TimeSpan.FromMinutes(10), context.Path, environment);
        Assert.True(publish.ExitCode == 0, publish.ToString());

        var ttg = Path.Combine(app, "ttg");
        var computations = await ChildProcess.RunAsync(ttg, ["computations"], TimeSpan.FromMinutes(1), app);
        Assert.True(computations.ExitCode == 0, computations.ToString());
        Assert.Contains("black-scholes", computations.Stdout);

        var prices = Path.Combine(context.Path, "prices.csv");
        var run = await ChildProcess.RunAsync(ttg, ["run", "black-scholes", "--grid", "strike=90:110:3,vol=0.2:0.3:2", "--store", Path.Combine(context.Path, "job.db"), "--out", prices], TimeSpan.FromMinutes(1), app);
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(1 + 6, File.ReadAllLines(prices).Length); // header and one row per (strike, vol)
    }

    private static async Task<ProcessResult> BuildShAsync(params string[] arguments) =>
        await ChildProcess.RunAsync("bash", [Path.Combine(RepoPaths.Root, "scripts", "build.sh"), .. arguments], TimeSpan.FromMinutes(1), RepoPaths.Root);

    /// <summary>The --build-arg values build.sh would hand to docker build.</summary>
    private static async Task<Dictionary<string, string>> BuildArgumentsAsync(params string[] arguments)
    {
        var run = await BuildShAsync([.. arguments, "--dry-run"]);
        Assert.True(run.ExitCode == 0, run.ToString());
        var words = run.Stdout.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return words.Zip(words.Skip(1))
            .Where(pair => pair.First == "--build-arg")
            .Select(pair => pair.Second.Split('=', 2))
            .ToDictionary(kv => kv[0], kv => kv[1]);
    }

    private static IEnumerable<string> UnresolvedReferences(string project)
    {
        var seen = new HashSet<string>();
        var pending = new Stack<string>([project]);
        while (pending.TryPop(out var current))
        {
            if (!File.Exists(current))
            {
                yield return current;
                continue;
            }

            foreach (var include in XDocument.Load(current).Descendants("ProjectReference").Select(r => (string?)r.Attribute("Include")))
            {
                var referenced = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(current)!, include!.Replace('\\', '/')));
                if (seen.Add(referenced))
                {
                    pending.Push(referenced);
                }
            }
        }
    }
}
