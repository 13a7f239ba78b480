namespace Ttg.Spaces;

/// <summary>How a grid axis produces its values.</summary>
public enum GridAxisKind
{
    /// <summary><c>a:b:n</c>: n evenly spaced doubles from a to b inclusive.</summary>
    Linspace = 0,
    /// <summary><c>a..b</c> or <c>a..b..step</c>: integers from a to b inclusive.</summary>
    IntegerRange = 1,
    /// <summary><c>[v1,v2,...]</c>: the listed values, each read by <see cref="Value.Parse"/>.</summary>
    List = 2,
    /// <summary><c>a:b:n:log</c>: n doubles from a to b inclusive, evenly spaced in log scale (a, b &gt; 0).</summary>
    Logspace = 3,
}
