namespace Ttg;

/// <summary>A registered computation: its name, a description for <c>ttg computations</c>, and how to build it for a job.</summary>
/// <param name="Name">The name jobs refer to.</param>
/// <param name="Description">One line shown by the command line.</param>
/// <param name="Create">Builds the per-job function; called once per job per worker.</param>
public sealed record ComputationDescriptor(string Name, string Description, Func<ComputationContext, ComputeAsync> Create)
{
    /// <summary>
    /// The computation's version: results of an earlier job are reused (<c>--reuse</c>) only when it was computed by
    /// the same version. Default: the version of the program's entry assembly (the user's project).
    /// </summary>
    public string Version { get; init; } = ComputationRegistry.DefaultVersion;
}
