namespace Ttg.Spaces;

/// <summary>
/// A cartesian grid of named axes (<c>x=-2:2:401,y=-1:3:401,k=[1,2,5]</c>). Index to values is mixed-radix
/// arithmetic with the last axis fastest, so nothing is materialised and the grid is its own
/// <see cref="IParameterSource"/> for every chunk.
/// </summary>
public sealed class GridSpace : ParameterSpace, IParameterSource
{
    private readonly GridAxis[] _axes;
    private readonly long[] _strides;
    private readonly string[] _names;

    /// <summary>Creates a grid from axes (names unique, each with at least one value).</summary>
    /// <exception cref="Jobs.JobSpecException">The number of points overflows a 64-bit count.</exception>
    public GridSpace(IReadOnlyList<GridAxis> axes, string text)
    {
        ArgumentNullException.ThrowIfNull(axes);
        _axes = [.. axes];
        _names = [.. _axes.Select(a => a.Name)];
        _strides = new long[_axes.Length];
        long stride = 1;
        for (var i = _axes.Length - 1; i >= 0; i--)
        {
            _strides[i] = stride;
            try
            {
                stride = checked(stride * _axes[i].Count);
            }
            catch (OverflowException)
            {
                throw Jobs.JobSpecException.About($"{Jobs.SpecField.Grid} '{text}' has more than {long.MaxValue} points; use fewer points per axis");
            }
        }

        Count = stride;
        Text = text;
    }

    /// <summary>The grid text it was parsed from.</summary>
    public string Text { get; }

    /// <summary>The axes in order (last varies fastest).</summary>
    public IReadOnlyList<GridAxis> Axes => _axes;

    /// <inheritdoc />
    public override long Count { get; }

    /// <inheritdoc cref="ParameterSpace.Names" />
    public override IReadOnlyList<string> Names => _names;

    /// <summary>Parses grid text; see <see cref="GridParser"/> for the syntax.</summary>
    /// <exception cref="Jobs.JobSpecException">The text is not a valid grid; the message names the axis and the fix.</exception>
    public static GridSpace Parse(string text) => GridParser.Parse(text);

    /// <inheritdoc />
    public override IParameterSource? SourceFor(long chunkStart, ReadOnlyMemory<byte> chunkPayload) => this;

    /// <inheritdoc />
    public int OrdinalOf(string name) => Array.IndexOf(_names, name);

    /// <inheritdoc />
    public Value GetValue(long index, int ordinal)
    {
        if ((ulong)index >= (ulong)Count)
        {
            throw new ArgumentOutOfRangeException(nameof(index), $"Index {index} is outside the grid's 0..{Count - 1}.");
        }

        var axis = _axes[ordinal];
        return axis.ValueAt(index / _strides[ordinal] % axis.Count);
    }
}
