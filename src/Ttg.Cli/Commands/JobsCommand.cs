using System.CommandLine;
using System.Globalization;
using Ttg.Cli.Dashboard;
using Ttg.Cli.Json;
using Ttg.Cli.Rendering;

namespace Ttg.Cli.Commands;

/// <summary><c>ttg jobs [--json]</c>: every job in the store, newest first.</summary>
internal static class JobsCommand
{
    public static Command Create(CliServices services)
    {
        var json = JsonFlag.Create();
        return BackendCommand.Create(services, "jobs", "List the jobs in the store, newest first", c => c.Options.Add(json), async (parse, store, ct) =>
        {
            var jobs = await store.ListJobsAsync(ct).ConfigureAwait(false);
            var views = new List<JobView>();
            foreach (var job in jobs)
            {
                if (await store.GetProgressAsync(job.JobId, ct).ConfigureAwait(false) is { } progress)
                {
                    views.Add(JobView.Of(progress, services.Time.GetUtcNow(), await LiveWorkerIds.ReadAsync(store, progress.Job.JobId, ct).ConfigureAwait(false)));
                }
            }

            if (parse.GetValue(json))
            {
                JsonValues.Print(services.Output, new JobsJson(store.Description, views), CliJsonContext.Default.JobsJson);
                return ExitCodes.Success;
            }

            if (views.Count == 0)
            {
                services.Output.WriteLine($"No jobs in {store.Description}.");
                return ExitCodes.Success;
            }

            var rows = views.Select(v => new[]
            {
                v.Id, v.Computation, char.ToUpperInvariant(v.State[0]) + v.State[1..], v.Fraction.ToString("P1", CultureInfo.InvariantCulture), v.Failed.ToString("N0", CultureInfo.InvariantCulture),
                v.Total.ToString("N0", CultureInfo.InvariantCulture), v.CreatedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
            }).ToList();
            TableOutput.Write(services.Output, ["job", "computation", "state", "done", "failed", "parameters", "submitted (UTC)"], rows);
            return ExitCodes.Success;
        });
    }
}
