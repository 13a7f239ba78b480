namespace Ttg.Deploy.Tests;

/// <summary>The .dockerignore rules the build-context checks rely on, on a few lines of the kind the repository uses.</summary>
public sealed class DockerIgnoreTests
{
    private static readonly DockerIgnore Rules = DockerIgnore.Parse(["# comment", "**/obj/", "tests/", "*.md", "!src/**/*.md", "src/Big?.bin"]);

    [Theory]
    [InlineData("obj", true)]
    [InlineData("src/Ttg/obj/Release/x.dll", true)]
    [InlineData("tests", true)]
    [InlineData("tests/A/B.cs", true)]
    [InlineData("README.md", true)]
    [InlineData("src/Ttg.Cli/README.md", false)]
    [InlineData("samples/OptionPricing/README.md", false)] // * stays inside one segment: *.md is the root's only
    [InlineData("src/Big1.bin", true)]
    [InlineData("src/Big12.bin", false)]
    [InlineData("samples/OptionPricing/Program.cs", false)]
    [InlineData("testsuite/x.cs", false)]
    public void LeavesOut_FollowsDockersMatching(string path, bool leftOut) =>
        Assert.Equal(leftOut, Rules.LeavesOut(path));
}
