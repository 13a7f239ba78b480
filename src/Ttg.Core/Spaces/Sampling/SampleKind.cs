namespace Ttg.Spaces.Sampling;

/// <summary>How a sampled space places its points in the box of its axis bounds.</summary>
public enum SampleKind
{
    /// <summary><c>random:N</c>: independent uniform points.</summary>
    Random = 0,

    /// <summary><c>lhs:N</c>: a Latin hypercube: on every axis, each of N equal strata holds exactly one point.</summary>
    LatinHypercube = 1,

    /// <summary><c>sobol:N</c>: the first N points of a digitally shifted Sobol' sequence.</summary>
    Sobol = 2,
}
