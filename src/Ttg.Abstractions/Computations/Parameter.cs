namespace Ttg;

/// <summary>
/// A typed view of one parameter set handed to a computation: its global index in the job and its named
/// values. A view is cheap (no values are copied); read only the values you need.
/// </summary>
public readonly struct Parameter
{
    private readonly IParameterSource? _source;

    /// <summary>Creates a view of parameter <paramref name="index"/> of <paramref name="source"/>.</summary>
    public Parameter(long index, IParameterSource? source, JobArguments? arguments = null)
    {
        Index = index;
        _source = source;
        Arguments = arguments ?? JobArguments.Empty;
    }

    /// <summary>The parameter's index in the job, from 0 to the job's parameter count minus one.</summary>
    public long Index { get; }

    /// <summary>The job's free-form arguments (for example <c>work-ms</c>), shared by every parameter.</summary>
    public JobArguments Arguments { get; }

    /// <summary>The names of this parameter's values; empty for a plain integer range.</summary>
    public IReadOnlyList<string> Names => _source?.Names ?? [];

    /// <summary>The named value.</summary>
    /// <exception cref="KeyNotFoundException">The space has no value of that name; the message lists the names it has.</exception>
    public Value this[string name]
    {
        get
        {
            var ordinal = _source?.OrdinalOf(name) ?? -1;
            if (ordinal < 0)
            {
                throw new KeyNotFoundException($"Parameter {Index} has no value named '{name}'; it has: {(Names.Count == 0 ? "(none: the space is a plain range, use Index)" : string.Join(", ", Names))}.");
            }

            return _source!.GetValue(Index, ordinal);
        }
    }

    /// <summary>The value at <paramref name="ordinal"/> of <see cref="Names"/>; the fast path for hot loops.</summary>
    public Value this[int ordinal] => _source is null
        ? throw new ArgumentOutOfRangeException(nameof(ordinal), "A plain range has no named values; use Index.")
        : _source.GetValue(Index, ordinal);

    /// <summary>The named value as a double.</summary>
    public double GetDouble(string name) => this[name].AsDouble();

    /// <summary>The named value as a 64-bit integer.</summary>
    public long GetInt64(string name) => this[name].AsInt64();

    /// <summary>The named value as a boolean.</summary>
    public bool GetBoolean(string name) => this[name].AsBoolean();

    /// <summary>The named value as text.</summary>
    public string GetString(string name) => this[name].ToString();

    /// <summary>True when the space has a value of that name.</summary>
    public bool Has(string name) => (_source?.OrdinalOf(name) ?? -1) >= 0;

    /// <inheritdoc />
    public override string ToString()
    {
        if (_source is null || _source.Names.Count == 0)
        {
            return $"#{Index}";
        }

        var parts = new string[_source.Names.Count];
        for (var i = 0; i < parts.Length; i++)
        {
            parts[i] = $"{_source.Names[i]}={_source.GetValue(Index, i)}";
        }

        return $"#{Index} ({string.Join(", ", parts)})";
    }
}
