using System.CommandLine;

namespace Ttg.Cli.Commands;

/// <summary><c>ttg delete JOB</c>: remove a job and all its data.</summary>
internal static class DeleteCommand
{
    public static Command Create(CliServices services)
    {
        var job = new Argument<string>("job") { Description = "The job id" };
        return BackendCommand.Create(services, "delete", "Delete a job and all its results", c => c.Arguments.Add(job), async (parse, store, ct) =>
        {
            var jobId = parse.GetValue(job)!;
            if (!await store.DeleteAsync(jobId, ct).ConfigureAwait(false))
            {
                throw new CliException($"No job '{jobId}' in {store.Description}; `ttg jobs` lists the jobs there.", ExitCodes.BadInput);
            }

            services.Output.WriteLine($"Deleted job {jobId}.");
            return ExitCodes.Success;
        });
    }
}
