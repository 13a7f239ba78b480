using Ttg.Jobs;
using Ttg.Spaces;

namespace Ttg.Core.Tests.Spaces;

/// <summary>Log-spaced grid axes: <c>lr=1e-5:1e-1:41:log</c>.</summary>
public sealed class LogAxisTests
{
    [Fact]
    public void LogAxis_SpacesValuesEvenlyInLogScale_WithExactEnds()
    {
        var axis = GridSpace.Parse("lr=1e-5:1e-1:5:log").Axes[0];

        Assert.Equal(GridAxisKind.Logspace, axis.Kind);
        Assert.Equal(5, axis.Count);
        Assert.Equal(1e-5, axis.ValueAt(0).AsDouble());
        Assert.Equal(1e-1, axis.ValueAt(4).AsDouble());
        Assert.Equal(1e-4, axis.ValueAt(1).AsDouble(), 1e-18);
        Assert.Equal(1e-3, axis.ValueAt(2).AsDouble(), 1e-17);
        Assert.Equal(1e-2, axis.ValueAt(3).AsDouble(), 1e-16);
    }

    [Theory]
    [InlineData("lr=0:1:5:log")]
    [InlineData("lr=-1:1:5:log")]
    [InlineData("lr=1:2:5:lin")]
    public void LogAxis_RejectsNonPositiveBounds_AndUnknownScales(string grid)
    {
        var ex = Assert.Throws<JobSpecException>(() => GridSpace.Parse(grid));

        Assert.Contains("lr=", ex.Message);
    }
}
