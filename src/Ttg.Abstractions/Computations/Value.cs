using System.Globalization;

namespace Ttg;

/// <summary>
/// One scalar: a number, a boolean or a string. Parameter values and result fields are both made of these,
/// so a value read from a grid, a CSV row or a result is handled the same way everywhere.
/// </summary>
public readonly struct Value : IEquatable<Value>
{
    private readonly double _number;
    private readonly long _integer;
    private readonly string? _text;

    private Value(ValueKind kind, double number, long integer, string? text)
    {
        Kind = kind;
        _number = number;
        _integer = integer;
        _text = text;
    }

    /// <summary>The kind of scalar held; <see cref="ValueKind.Null"/> for <c>default</c>.</summary>
    public ValueKind Kind { get; }

    /// <summary>True when no value is held.</summary>
    public bool IsNull => Kind == ValueKind.Null;

    /// <summary>True for <see cref="ValueKind.Double"/> and <see cref="ValueKind.Int64"/>.</summary>
    public bool IsNumber => Kind is ValueKind.Double or ValueKind.Int64;

    /// <summary>The empty value.</summary>
    public static Value Null => default;

    /// <summary>Wraps a double.</summary>
    public static Value FromDouble(double value) => new(ValueKind.Double, value, 0, null);

    /// <summary>Wraps a 64-bit integer.</summary>
    public static Value FromInt64(long value) => new(ValueKind.Int64, 0, value, null);

    /// <summary>Wraps a boolean.</summary>
    public static Value FromBoolean(bool value) => new(ValueKind.Boolean, 0, value ? 1 : 0, null);

    /// <summary>Wraps a string; <c>null</c> gives <see cref="Null"/>.</summary>
    public static Value FromString(string? value) => value is null ? default : new(ValueKind.String, 0, 0, value);

    /// <summary>The value as a double: integers and booleans convert, strings are parsed (invariant culture).</summary>
    /// <exception cref="InvalidCastException">The value is null or a string that is not a number.</exception>
    public double AsDouble() => Kind switch
    {
        ValueKind.Double => _number,
        ValueKind.Int64 => _integer,
        ValueKind.Boolean => _integer,
        ValueKind.String when double.TryParse(_text, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) => parsed,
        _ => throw new InvalidCastException($"Value '{this}' of kind {Kind} is not a number."),
    };

    /// <summary>The value as an integer: doubles must be whole, strings are parsed (invariant culture).</summary>
    /// <exception cref="InvalidCastException">The value cannot be read as a whole number.</exception>
    public long AsInt64() => Kind switch
    {
        ValueKind.Int64 or ValueKind.Boolean => _integer,
        ValueKind.Double when _number == Math.Floor(_number) && Math.Abs(_number) < 9.2e18 => (long)_number,
        ValueKind.String when long.TryParse(_text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) => parsed,
        _ => throw new InvalidCastException($"Value '{this}' of kind {Kind} is not a whole number."),
    };

    /// <summary>The value as a boolean: numbers are true when non-zero, strings must read true or false.</summary>
    /// <exception cref="InvalidCastException">The value cannot be read as a boolean.</exception>
    public bool AsBoolean() => Kind switch
    {
        ValueKind.Boolean or ValueKind.Int64 => _integer != 0,
        ValueKind.Double => _number != 0,
        ValueKind.String when bool.TryParse(_text, out var parsed) => parsed,
        _ => throw new InvalidCastException($"Value '{this}' of kind {Kind} is not a boolean."),
    };

    /// <summary>The value as text, formatted with the invariant culture (round-trippable for doubles).</summary>
    public override string ToString() => Kind switch
    {
        ValueKind.Double => _number.ToString("R", CultureInfo.InvariantCulture),
        ValueKind.Int64 => _integer.ToString(CultureInfo.InvariantCulture),
        ValueKind.Boolean => _integer != 0 ? "true" : "false",
        ValueKind.String => _text!,
        _ => string.Empty,
    };

    /// <summary>Parses text the way CSV cells and grid lists are read: integer, then double, then boolean, else string.</summary>
    public static Value Parse(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return default;
        }

        if (long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var integer))
        {
            return FromInt64(integer);
        }

        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
        {
            return FromDouble(number);
        }

        if (bool.TryParse(text, out var flag))
        {
            return FromBoolean(flag);
        }

        return FromString(text);
    }

    /// <inheritdoc />
    public bool Equals(Value other) => Kind == other.Kind && Kind switch
    {
        ValueKind.Double => _number.Equals(other._number),
        ValueKind.String => string.Equals(_text, other._text, StringComparison.Ordinal),
        _ => _integer == other._integer,
    };

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is Value other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Kind, _number, _integer, _text);

    /// <summary>Equality of kind and content.</summary>
    public static bool operator ==(Value left, Value right) => left.Equals(right);

    /// <summary>Inequality of kind or content.</summary>
    public static bool operator !=(Value left, Value right) => !left.Equals(right);

    /// <summary>Wraps a double.</summary>
    public static implicit operator Value(double value) => FromDouble(value);

    /// <summary>Wraps an integer.</summary>
    public static implicit operator Value(long value) => FromInt64(value);

    /// <summary>Wraps an integer.</summary>
    public static implicit operator Value(int value) => FromInt64(value);

    /// <summary>Wraps a boolean.</summary>
    public static implicit operator Value(bool value) => FromBoolean(value);

    /// <summary>Wraps a string.</summary>
    public static implicit operator Value(string? value) => FromString(value);
}
