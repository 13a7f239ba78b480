namespace Ttg;

/// <summary>The kinds of scalar a parameter value or a result field can hold.</summary>
public enum ValueKind : byte
{
    /// <summary>No value (a missing CSV cell, an unset field).</summary>
    Null = 0,
    /// <summary>A 64-bit floating-point number.</summary>
    Double = 1,
    /// <summary>A 64-bit signed integer.</summary>
    Int64 = 2,
    /// <summary>A boolean.</summary>
    Boolean = 3,
    /// <summary>A UTF-16 string.</summary>
    String = 4,
}
