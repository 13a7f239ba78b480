using Ttg.Jobs;
using Ttg.WorkQueue;

namespace Ttg.Cli;

/// <summary>Validates a spec completely before anything is stored, then submits it: bad input never leaves a half-made job.</summary>
internal static class JobSubmitter
{
    /// <summary>Builds the plan and sets the computation up once, so a bad argument fails here rather than in every worker.</summary>
    public static JobPlan Plan(JobSpec spec, ComputationRegistry registry)
    {
        var plan = JobPlan.Create(spec, registry);
        registry.TryGet(plan.Spec.Computation!, out var descriptor);
        try
        {
            descriptor.Create(new ComputationContext("validation", plan.Arguments, plan.Space.Names));
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or KeyNotFoundException or InvalidOperationException)
        {
            throw new CliException($"Computation '{descriptor.Name}' rejects this job: {ex.Message}", ExitCodes.BadInput);
        }

        return plan;
    }

    /// <summary>Submits the plan under a new id (or <paramref name="jobId"/>) and returns the stored job.</summary>
    public static async Task<JobInfo> SubmitAsync(ITtgBackend backend, JobPlan plan, string? jobId, TimeProvider time, CancellationToken cancellationToken)
    {
        var id = jobId ?? JobIds.New(plan.Spec.Computation!, time);
        try
        {
            return await backend.SubmitAsync(plan.ToSubmission(id), cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidOperationException ex)
        {
            throw new CliException($"{ex.Message} Pick another --job-id, or `ttg delete {id}` first.", ExitCodes.BadInput);
        }
    }
}
