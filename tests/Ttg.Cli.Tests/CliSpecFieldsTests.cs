using Ttg.Jobs;

namespace Ttg.Cli.Tests;

/// <summary>The engine's messages name spec fields; <c>ttg</c> shows them with its flags.</summary>
public sealed class CliSpecFieldsTests
{
    [Theory]
    [InlineData(-1, null, "--chunk-size must be at least 1 (got -1); pass --chunk-size 100, or --chunk-size auto (the default) or leave it out")]
    [InlineData(100, "x=0:1", "--grid axis 'x=0:1' gives bounds but no point count; add one (x=0:1:11), or sample between the bounds with --sample sobol:1000")]
    public void EngineMessages_NameTheFlags_WhenTtgShowsThem(int chunkSize, string? grid, string expected)
    {
        var spec = new JobSpec { Computation = "c", ChunkSize = chunkSize, Grid = grid, Params = grid is null ? 10 : null };
        var ex = Assert.Throws<JobSpecException>(() => JobPlan.Create(spec));

        var (message, code) = TtgCommandLine.Describe(ex);

        Assert.Equal(expected, message);
        Assert.Equal(ExitCodes.BadInput, code);
    }

    [Fact]
    public void NoComputation_SaysHowToNameOne_OnTheCommandLine_OrInASpecFile()
    {
        var ex = Assert.Throws<JobSpecException>(() => JobPlan.Create(new JobSpec { Params = 10 }));

        Assert.Equal("No computation given; set the computation: its name as the first argument, as in `ttg submit square --params 100`, or 'computation' in the spec file",
            TtgCommandLine.Describe(ex).Message);
    }
}
