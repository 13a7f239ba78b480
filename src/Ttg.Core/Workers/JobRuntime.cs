using Ttg.Jobs;
using Ttg.Programs;
using Ttg.WorkQueue;

namespace Ttg.Workers;

/// <summary>What a worker needs to compute a job's chunks, built once per job from its stored spec.</summary>
internal sealed record JobRuntime(JobInfo Job, JobPlan Plan, ComputeAsync Compute)
{
    private volatile bool _isAsync;

    /// <summary>Parameters of one chunk an asynchronous computation may have in flight (the spec's <c>asyncConcurrency</c>).</summary>
    public int AsyncConcurrency { get; } = ProgramComputations.AsyncConcurrencyOf(Plan.Spec);

    /// <summary>
    /// True once a parameter of this job did not complete synchronously: its chunks then keep up to
    /// <see cref="AsyncConcurrency"/> parameters in flight. Synchronous computations never pay for that machinery.
    /// </summary>
    public bool IsAsync
    {
        get => _isAsync;
        set => _isAsync = value;
    }
}
