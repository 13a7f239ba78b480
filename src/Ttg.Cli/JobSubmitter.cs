using Ttg.Jobs;
using Ttg.Jobs.Reuse;
using Ttg.WorkQueue;

namespace Ttg.Cli;

/// <summary>Submits a validated plan (JobPlan.Create with the registry checks everything first, so bad input never leaves a half-made job).</summary>
internal static class JobSubmitter
{
    /// <summary>
    /// Submits the plan under a new id (or <paramref name="jobId"/>) and returns the stored job. With
    /// <see cref="JobSpec.Reuse"/>, results of earlier jobs are copied in and <paramref name="notes"/> says how many.
    /// </summary>
    public static async Task<JobInfo> SubmitAsync(ITtgBackend backend, JobPlan plan, string? jobId, TimeProvider time, TextWriter notes, CancellationToken cancellationToken)
    {
        var id = jobId ?? JobIds.New(plan.Spec.Computation!, time);
        var submission = plan.ToSubmission(id);
        if (plan.Spec.Reuse)
        {
            var reusing = await ReusingSubmission.CreateAsync(backend, plan, id, cancellationToken).ConfigureAwait(false);
            var from = reusing.Sources.Count == 0 ? "no earlier job of the same computation, version and arguments matched" : $"from {string.Join(", ", reusing.Sources)}";
            notes.WriteLine($"Reused {reusing.Reused:N0} results ({from}); {reusing.ToCompute:N0} parameters to compute.");
            submission = reusing.Submission;
        }

        try
        {
            return await backend.SubmitAsync(submission, cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidOperationException ex)
        {
            throw new CliException($"{ex.Message} Pick another --job-id, or `ttg delete {id}` first.", ExitCodes.BadInput);
        }
    }
}
