namespace Ttg;

/// <summary>
/// What a computation returns for one parameter: a single scalar (usually a number) or a flat record of
/// named scalars. Scalars convert implicitly, so <c>return x * x;</c> is a valid computation body.
/// </summary>
public readonly struct Result
{
    private readonly ResultField[]? _fields;

    private Result(Value scalar, ResultField[]? fields)
    {
        Scalar = scalar;
        _fields = fields;
    }

    /// <summary>The scalar result; <see cref="Value.Null"/> when this is a record.</summary>
    public Value Scalar { get; }

    /// <summary>True when the result is a record of named fields rather than one scalar.</summary>
    public bool IsRecord => _fields is not null;

    /// <summary>The record's fields in the order given; empty for a scalar result.</summary>
    public IReadOnlyList<ResultField> Fields => _fields ?? [];

    /// <summary>A scalar result.</summary>
    public static Result Of(Value scalar) => new(scalar, null);

    /// <summary>A record result, written as <c>Result.Record(("loss", 0.1), ("ok", true))</c>. Names must be unique and non-empty.</summary>
    /// <exception cref="ArgumentException">A name is empty or repeated.</exception>
    public static Result Record(params ReadOnlySpan<(string Name, Value Value)> fields)
    {
        var copy = new ResultField[fields.Length];
        for (var i = 0; i < fields.Length; i++)
        {
            copy[i] = new ResultField(fields[i].Name, fields[i].Value);
        }

        return Record(copy);
    }

    /// <summary>A record result from fields. Names must be unique and non-empty.</summary>
    /// <exception cref="ArgumentException">A name is empty or repeated.</exception>
    public static Result Record(IEnumerable<ResultField> fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        var copy = fields.ToArray();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var field in copy)
        {
            if (string.IsNullOrEmpty(field.Name) || !seen.Add(field.Name))
            {
                throw new ArgumentException($"Result field name '{field.Name}' is empty or repeated; give each field a unique name.", nameof(fields));
            }
        }

        return new(default, copy);
    }

    /// <summary>The value of a record field, or <see cref="Value.Null"/> when absent.</summary>
    public Value this[string name]
    {
        get
        {
            foreach (var field in Fields)
            {
                if (field.Name == name)
                {
                    return field.Value;
                }
            }

            return default;
        }
    }

    /// <summary>
    /// The number that ranks this result in summaries: the scalar, or a record's field named "value" or,
    /// failing that, its first numeric field. Null when there is none.
    /// </summary>
    public double? PrimaryNumber
    {
        get
        {
            if (_fields is null)
            {
                return Scalar.IsNumber ? Scalar.AsDouble() : null;
            }

            var named = this["value"];
            if (named.IsNumber)
            {
                return named.AsDouble();
            }

            foreach (var candidate in _fields)
            {
                if (candidate.Value.IsNumber)
                {
                    return candidate.Value.AsDouble();
                }
            }

            return null;
        }
    }

    /// <summary>Wraps a double.</summary>
    public static implicit operator Result(double value) => Of(value);

    /// <summary>Wraps an integer.</summary>
    public static implicit operator Result(long value) => Of(value);

    /// <summary>Wraps an integer.</summary>
    public static implicit operator Result(int value) => Of(value);

    /// <summary>Wraps a boolean.</summary>
    public static implicit operator Result(bool value) => Of(value);

    /// <summary>Wraps a string.</summary>
    public static implicit operator Result(string value) => Of(value);

    /// <summary>Wraps a scalar value.</summary>
    public static implicit operator Result(Value value) => Of(value);

    /// <inheritdoc />
    public override string ToString() => _fields is null
        ? Scalar.ToString()
        : "{" + string.Join(", ", _fields.Select(f => $"{f.Name}={f.Value}")) + "}";
}
