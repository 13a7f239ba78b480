using System.CommandLine;
using Spectre.Console;
using Ttg.Cli.Rendering;

namespace Ttg.Cli.Commands;

/// <summary><c>ttg jobs</c>: every job in the store, newest first.</summary>
internal static class JobsCommand
{
    public static Command Create(CliServices services) => BackendCommand.Create(
        services, "jobs", "List the jobs in the store, newest first", _ => { }, async (parse, store, ct) =>
        {
            var jobs = await store.ListJobsAsync(ct).ConfigureAwait(false);
            if (jobs.Count == 0)
            {
                services.Output.WriteLine($"No jobs in {store.Description}.");
                return ExitCodes.Success;
            }

            var table = new Table().AddColumns("job", "computation", "state", "done", "failed", "parameters", "submitted (UTC)");
            foreach (var job in jobs)
            {
                var progress = await store.GetProgressAsync(job.JobId, ct).ConfigureAwait(false);
                table.AddRow(
                    Markup.Escape(job.JobId), Markup.Escape(job.Computation), job.State.ToString(),
                    $"{progress?.Fraction ?? 0:P1}", $"{progress?.Failed ?? 0:N0}", $"{job.TotalParameters:N0}",
                    job.CreatedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture));
            }

            Consoles.For(services.Output).Write(table);
            return ExitCodes.Success;
        });
}
