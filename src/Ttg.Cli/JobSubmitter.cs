using Ttg.Jobs;
using Ttg.WorkQueue;

namespace Ttg.Cli;

/// <summary>Validates a spec completely before anything is stored, then submits it: bad input never leaves a half-made job.</summary>
internal static class JobSubmitter
{
    /// <summary>
    /// Builds the plan; with the registry given, the plan also sets the computation up once, so a bad argument
    /// fails here rather than in every worker.
    /// </summary>
    public static JobPlan Plan(JobSpec spec, ComputationRegistry registry) => JobPlan.Create(spec, registry);

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
