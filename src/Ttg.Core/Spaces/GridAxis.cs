namespace Ttg.Spaces;

/// <summary>One named axis of a <see cref="GridSpace"/>. Values are computed from their position, never stored (except a list's).</summary>
public sealed class GridAxis
{
    private readonly double _start;
    private readonly double _stop;
    private readonly long _integerStart;
    private readonly long _integerStep;
    private readonly Value[] _list;

    private GridAxis(string name, GridAxisKind kind, long count, double start, double stop, long integerStart, long integerStep, Value[] list)
    {
        Name = name;
        Kind = kind;
        Count = count;
        _start = start;
        _stop = stop;
        _integerStart = integerStart;
        _integerStep = integerStep;
        _list = list;
    }

    /// <summary>The axis name, the parameter value's name.</summary>
    public string Name { get; }

    /// <summary>How the axis produces values.</summary>
    public GridAxisKind Kind { get; }

    /// <summary>Number of values on the axis (at least 1).</summary>
    public long Count { get; }

    /// <summary><c>n</c> evenly spaced doubles from <paramref name="start"/> to <paramref name="stop"/>, both included.</summary>
    public static GridAxis Linspace(string name, double start, double stop, long count) =>
        new(name, GridAxisKind.Linspace, count, start, stop, 0, 0, []);

    /// <summary><c>n</c> doubles from <paramref name="start"/> to <paramref name="stop"/> (both positive, both included), evenly spaced in log scale.</summary>
    public static GridAxis Logspace(string name, double start, double stop, long count) =>
        new(name, GridAxisKind.Logspace, count, start, stop, 0, 0, []);

    /// <summary>Integers start, start+step, ... <paramref name="count"/> values in all.</summary>
    public static GridAxis IntegerRange(string name, long start, long step, long count) =>
        new(name, GridAxisKind.IntegerRange, count, 0, 0, start, step, []);

    /// <summary>The listed values.</summary>
    public static GridAxis List(string name, Value[] values) =>
        new(name, GridAxisKind.List, values.Length, 0, 0, 0, 0, values);

    /// <summary>The value at <paramref name="position"/> (0..Count-1). Allocation-free.</summary>
    public Value ValueAt(long position) => Kind switch
    {
        // Dividing last keeps grid points exact where they should be (x=-2:2:401 hits 1.0 exactly); the end is pinned.
        GridAxisKind.Linspace => Count == 1 ? _start
            : position == Count - 1 ? _stop
            : _start + ((_stop - _start) * position / (Count - 1)),
        GridAxisKind.IntegerRange => _integerStart + (_integerStep * position),
        GridAxisKind.Logspace => position == 0 ? _start
            : position == Count - 1 ? _stop
            : Math.Exp(Math.Log(_start) + ((Math.Log(_stop) - Math.Log(_start)) * position / (Count - 1))),
        _ => _list[position],
    };
}
