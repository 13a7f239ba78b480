namespace Ttg;

/// <summary>
/// Where a parameter's named values come from: a grid computes them from the index, an input file's rows
/// are carried inside the chunk. Implementations never materialise the whole space.
/// </summary>
public interface IParameterSource
{
    /// <summary>The names of the values every parameter of this source has, in column order.</summary>
    IReadOnlyList<string> Names { get; }

    /// <summary>The ordinal of <paramref name="name"/> in <see cref="Names"/>, or -1.</summary>
    int OrdinalOf(string name);

    /// <summary>The value at <paramref name="ordinal"/> of the parameter with global index <paramref name="index"/>.</summary>
    Value GetValue(long index, int ordinal);
}
