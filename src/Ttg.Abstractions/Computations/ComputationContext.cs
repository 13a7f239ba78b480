namespace Ttg;

/// <summary>What a configured computation learns once per job before computing: the job and its arguments.</summary>
/// <param name="JobId">The job's id.</param>
/// <param name="Arguments">The job's arguments.</param>
/// <param name="ParameterNames">The names of the parameter values in this job's space.</param>
public sealed record ComputationContext(string JobId, JobArguments Arguments, IReadOnlyList<string> ParameterNames);
