using System.CommandLine;

namespace Ttg.Cli.Commands;

/// <summary><c>ttg cancel JOB</c>: stop leasing the job's chunks; results stored so far are kept.</summary>
internal static class CancelCommand
{
    public static Command Create(CliServices services)
    {
        var job = new Argument<string>("job") { Description = "The job id" };
        return BackendCommand.Create(services, "cancel", "Cancel a job: no more chunks are leased; stored results stay", c => c.Arguments.Add(job), async (parse, store, ct) =>
        {
            var jobId = parse.GetValue(job)!;
            var info = await BackendCommand.RequireJobAsync(store, jobId, ct).ConfigureAwait(false);
            if (!await store.CancelAsync(jobId, ct).ConfigureAwait(false))
            {
                services.Output.WriteLine($"Job {jobId} is already {info.State.ToString().ToLowerInvariant()}; nothing to cancel.");
                return ExitCodes.Success;
            }

            services.Output.WriteLine($"Cancelled job {jobId}; its stored results are kept (`ttg results {jobId} --out FILE`).");
            return ExitCodes.Success;
        });
    }
}
