using Ttg.Cli.Commands;

namespace Ttg.Cli.Tests;

public sealed class KillAtParsingTests
{
    [Theory]
    [InlineData("30%", 0.30)]
    [InlineData("30", 0.30)]
    [InlineData("0.3", 0.30)]
    [InlineData(" 99.5% ", 0.995)]
    public void ParseKillAt_ReadsPercentagesAndFractions(string text, double expected) =>
        Assert.Equal(expected, RunCommand.ParseKillAt(text)!.Value, 6);

    [Fact]
    public void ParseKillAt_IsNull_WhenNotGiven() => Assert.Null(RunCommand.ParseKillAt(null));

    [Theory]
    [InlineData("100%")]
    [InlineData("-5%")]
    [InlineData("half")]
    public void ParseKillAt_RejectsValuesOutsideTheRun(string text)
    {
        var error = Assert.Throws<CliException>(() => RunCommand.ParseKillAt(text));
        Assert.Equal(ExitCodes.BadInput, error.ExitCode);
    }
}
