using System.CommandLine;
using Ttg.Cli.Options;
using Ttg.Jobs;
using Ttg.Spaces;

namespace Ttg.Cli.Commands;

/// <summary><c>ttg submit COMPUTATION …</c>: store a job and print its id; workers anywhere pick it up.</summary>
internal static class SubmitCommand
{
    public static Command Create(CliServices services)
    {
        var spec = new JobSpecOptions();
        var jobId = new Option<string?>("--job-id") { Description = "Use this job id instead of a generated one", HelpName = "ID" };
        var json = Json.JsonFlag.Create();
        return BackendCommand.Create(services, "submit", "Submit a job and print its id (workers started anywhere will compute it)", c =>
        {
            spec.AddTo(c);
            c.Options.Add(jobId);
            c.Options.Add(json);
        }, parse => JobPlan.Create(spec.Build(parse), services.Registry, InputFileReader.Instance), async (parse, plan, store, ct) =>
        {
            var job = await JobSubmitter.SubmitAsync(store, plan, parse.GetValue(jobId), services.Time, services.Error, ct).ConfigureAwait(false);
            services.Error.WriteLine($"Submitted {job.TotalParameters:N0} parameters of '{job.Computation}' in {job.ChunkCount:N0} chunks to {store.Description}.");
            if (parse.GetValue(json))
            {
                Json.JsonValues.Print(services.Output, new Json.SubmitJson(job.JobId, job.Name, job.Computation, job.TotalParameters, job.ChunkCount, store.Description), Json.CliJsonContext.Default.SubmitJson);
            }
            else
            {
                services.Output.WriteLine(job.JobId);
            }

            return ExitCodes.Success;
        });
    }
}
