namespace Ttg;

/// <summary>One named scalar of a record result.</summary>
/// <param name="Name">The field name; becomes a column when results are exported.</param>
/// <param name="Value">The field's scalar.</param>
public readonly record struct ResultField(string Name, Value Value);
