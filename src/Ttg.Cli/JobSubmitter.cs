using Ttg.Jobs;
using Ttg.WorkQueue;

namespace Ttg.Cli;

/// <summary>Submits a validated plan (JobPlan.Create with the registry checks everything first, so bad input never leaves a half-made job).</summary>
internal static class JobSubmitter
{
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
