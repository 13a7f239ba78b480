using System.CommandLine;
using Ttg.WorkQueue;

namespace Ttg.Cli.Commands;

/// <summary>
/// <c>ttg retry JOB</c>: after the cause of recorded failures was fixed, put the failed parameters back with fresh
/// attempts; the job runs again and its results end with one row per parameter.
/// </summary>
internal static class RetryCommand
{
    public static Command Create(CliServices services)
    {
        var job = new Argument<string>("job") { Description = "The job id" };
        const string Description = "Re-queue a job's failed parameters with fresh attempts (after fixing the cause); succeeded results stay";
        return BackendCommand.Create(services, "retry", Description, c => c.Arguments.Add(job), async (parse, store, ct) =>
        {
            var jobId = parse.GetValue(job)!;
            var info = await BackendCommand.RequireJobAsync(store, jobId, ct).ConfigureAwait(false);
            if (info.State == JobState.Cancelled)
            {
                throw new CliException($"Job {jobId} is cancelled, so its failures cannot be retried; submit it again to compute it.", ExitCodes.BadInput);
            }

            var requeued = await store.RetryFailedAsync(jobId, ct).ConfigureAwait(false);
            if (requeued == 0)
            {
                services.Output.WriteLine($"Job {jobId} has no failed parameters to retry.");
                return ExitCodes.Success;
            }

            var noun = requeued == 1 ? "parameter" : "parameters";
            services.Output.WriteLine($"Re-queued {requeued} failed {noun} of job {jobId} with fresh attempts.");
            var choice = services.Backend!;
            services.Output.WriteLine($"Compute them with `{NextSteps.Resume(jobId, choice, null)}`, or start workers: `{NextSteps.Worker(jobId, choice)}`.");
            return ExitCodes.Success;
        });
    }
}
