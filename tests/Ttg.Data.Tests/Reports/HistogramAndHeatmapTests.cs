using Ttg.Reports;
using Ttg.Results;
using Ttg.Spaces;

namespace Ttg.Data.Tests.Reports;

public sealed class HistogramAndHeatmapTests
{
    [Fact]
    public void Histogram_PutsTheMaxInTheLastBin_AndIgnoresNonFiniteValues()
    {
        var histogram = new Histogram(0, 10, bins: 5);

        foreach (var v in new[] { 0, 1.99, 2, 9.99, 10, double.NaN, double.PositiveInfinity, 11 })
        {
            histogram.Add(v);
        }

        Assert.Equal(new long[] { 2, 1, 0, 0, 2 }, histogram.Counts);
        Assert.Equal(5, histogram.Total);
    }

    [Fact]
    public void Histogram_OfOneValue_HasOneBin()
    {
        var histogram = new Histogram(3, 3);

        histogram.Add(3);

        Assert.Equal(new long[] { 1 }, histogram.Counts);
    }

    [Fact]
    public void Heatmap_IsNull_WithoutTwoNumericAxes()
    {
        Assert.Null(Heatmap.For(new RangeSpace(10), ResultGoal.Minimize));
        Assert.Null(Heatmap.For(GridSpace.Parse("x=0..3,s=[a,b]"), ResultGoal.Minimize));
        Assert.NotNull(Heatmap.For(GridSpace.Parse("s=[a,b],x=0..3,k=[1,2.5]"), ResultGoal.Minimize));
    }

    [Fact]
    public void Heatmap_TakesTheMinOverOtherAxes_ForMinimize_AndTheMaxForMaximize()
    {
        var grid = GridSpace.Parse("x=0..2,s=[a,b],y=0..1");
        var min = Heatmap.For(grid, ResultGoal.Minimize)!;
        var max = Heatmap.For(grid, ResultGoal.Maximize)!;

        for (long i = 0; i < grid.Count; i++)
        {
            min.Add(i, i);
            max.Add(i, i);
        }

        Assert.Equal(("x", "y", 3, 2), (min.X.Name, min.Y.Name, min.XBins, min.YBins));

        // x=1, y=1 is at indexes 1*4 + s*2 + 1: 5 (s=a) and 7 (s=b).
        Assert.Equal(5, min[1, 1]);
        Assert.Equal(7, max[1, 1]);
        Assert.Equal(0, min[0, 0]);
    }

    [Fact]
    public void Heatmap_DownsamplesLargeAxes_ToAtMostTwoHundredCells()
    {
        var grid = GridSpace.Parse("x=0:1:1000,y=0..449");
        var map = Heatmap.For(grid, ResultGoal.Minimize)!;

        for (long i = 0; i < grid.Count; i++)
        {
            map.Add(i, grid.GetValue(i, 0).AsDouble() + grid.GetValue(i, 1).AsDouble());
        }

        Assert.Equal((200, 200), (map.XBins, map.YBins));
        Assert.Equal(0, map[0, 0]);
        Assert.Equal((995.0 / 999) + 448, map[199, 199], 9);
        Assert.Equal((0L, 4L), Heatmap.PositionsOf(1000, 200, 0));
        Assert.Equal((995L, 999L), Heatmap.PositionsOf(1000, 200, 199));
    }

    [Fact]
    public void Heatmap_LeavesCellsWithoutResultsEmpty()
    {
        var map = Heatmap.For(GridSpace.Parse("x=0..1,y=0..1"), ResultGoal.Minimize)!;

        map.Add(0, 4);
        map.Add(1, double.NaN);

        Assert.Equal(4, map[0, 0]);
        Assert.True(double.IsNaN(map[1, 0]));
    }

    [Fact]
    public void ColorScale_GoesLogarithmic_WhenValuesSpanManyDecades()
    {
        var linear = new ColorScale(0, 10, 1);
        var log = new ColorScale(0, 1000, 0.01);

        Assert.False(linear.IsLog);
        Assert.True(log.IsLog);
        Assert.Equal(0.5, linear.Position(5), 12);
        Assert.Equal(0.4, log.Position(1), 12);
        Assert.Equal(0, log.ValueAt(0));
        Assert.Equal(1000, log.ValueAt(1), 9);
        Assert.Equal(((byte)0x44, (byte)0x01, (byte)0x54), ColorScale.ColorAt(0));
        Assert.Equal(((byte)0xfd, (byte)0xe7, (byte)0x25), ColorScale.ColorAt(1));
    }
}
