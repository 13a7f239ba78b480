using Ttg.Results;
using Ttg.Spaces;

namespace Ttg.Reports;

/// <summary>
/// The best result (min for <see cref="ResultGoal.Minimize"/>, else max) over the first two numeric axes of a
/// grid, aggregated over the other axes and downsampled to at most <see cref="MaxBins"/> cells per side, so
/// its memory is bounded whatever the grid's size.
/// </summary>
public sealed class Heatmap
{
    /// <summary>Most cells along one side.</summary>
    public const int MaxBins = 200;

    private readonly double[] _cells;
    private readonly long _xStride;
    private readonly long _yStride;
    private readonly bool _minimize;

    private Heatmap(GridAxis x, long xStride, GridAxis y, long yStride, ResultGoal goal)
    {
        X = x;
        Y = y;
        _xStride = xStride;
        _yStride = yStride;
        _minimize = goal == ResultGoal.Minimize;
        XBins = (int)Math.Min(x.Count, MaxBins);
        YBins = (int)Math.Min(y.Count, MaxBins);
        _cells = new double[XBins * YBins];
        Array.Fill(_cells, double.NaN);
    }

    /// <summary>The horizontal axis.</summary>
    public GridAxis X { get; }

    /// <summary>The vertical axis.</summary>
    public GridAxis Y { get; }

    /// <summary>Cells along <see cref="X"/>.</summary>
    public int XBins { get; }

    /// <summary>Cells along <see cref="Y"/>.</summary>
    public int YBins { get; }

    /// <summary>A heatmap over the first two numeric axes of <paramref name="space"/>, or null when it has fewer than two.</summary>
    public static Heatmap? For(ParameterSpace space, ResultGoal goal)
    {
        if (space is not GridSpace grid)
        {
            return null;
        }

        var numeric = new List<int>();
        for (var a = 0; a < grid.Axes.Count && numeric.Count < 2; a++)
        {
            if (IsNumeric(grid.Axes[a]))
            {
                numeric.Add(a);
            }
        }

        if (numeric.Count < 2)
        {
            return null;
        }

        // The grid's mixed radix: the last axis varies fastest.
        var strides = new long[grid.Axes.Count];
        long stride = 1;
        for (var a = grid.Axes.Count - 1; a >= 0; a--)
        {
            strides[a] = stride;
            stride *= grid.Axes[a].Count;
        }

        return new Heatmap(grid.Axes[numeric[0]], strides[numeric[0]], grid.Axes[numeric[1]], strides[numeric[1]], goal);
    }

    /// <summary>The aggregated value of cell (<paramref name="column"/>, <paramref name="row"/>); NaN when no result fell in it.</summary>
    public double this[int column, int row] => _cells[(row * XBins) + column];

    /// <summary>The grid positions along an axis of <paramref name="bins"/> cells that cell <paramref name="bin"/> covers: [first, last].</summary>
    public static (long First, long Last) PositionsOf(long count, int bins, int bin) =>
        (((bin * count) + bins - 1) / bins, ((((long)bin + 1) * count) + bins - 1) / bins - 1);

    /// <summary>Folds the result of the grid point at <paramref name="index"/> into its cell; NaN and infinities are ignored.</summary>
    public void Add(long index, double value)
    {
        if (!double.IsFinite(value))
        {
            return;
        }

        var column = (int)(index / _xStride % X.Count * XBins / X.Count);
        var row = (int)(index / _yStride % Y.Count * YBins / Y.Count);
        ref var cell = ref _cells[(row * XBins) + column];
        if (double.IsNaN(cell) || (_minimize ? value < cell : value > cell))
        {
            cell = value;
        }
    }

    private static bool IsNumeric(GridAxis axis) =>
        axis.Kind != GridAxisKind.List || Enumerable.Range(0, (int)axis.Count).All(p => axis.ValueAt(p).IsNumber);
}
