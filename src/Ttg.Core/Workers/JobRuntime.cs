using Ttg.Jobs;
using Ttg.WorkQueue;

namespace Ttg.Workers;

/// <summary>What a worker needs to compute a job's chunks, built once per job from its stored spec.</summary>
internal sealed record JobRuntime(JobInfo Job, JobPlan Plan, ComputeAsync Compute);
