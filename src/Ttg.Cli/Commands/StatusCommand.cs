using System.CommandLine;
using Ttg.Cli.Dashboard;
using Ttg.Cli.Json;
using Ttg.Cli.Rendering;
using Ttg.Progress;
using Ttg.WorkQueue;

namespace Ttg.Cli.Commands;

/// <summary><c>ttg status [JOB]</c>: one progress line for a job, or for every running job.</summary>
internal static class StatusCommand
{
    public static Command Create(CliServices services)
    {
        var job = new Argument<string?>("job") { Description = "The job id (default: every running or paused job)", Arity = ArgumentArity.ZeroOrOne };
        var json = JsonFlag.Create();
        return BackendCommand.Create(services, "status", "Show a job's progress (done, failed, pending, leased, per-worker counts)", c =>
        {
            c.Arguments.Add(job);
            c.Options.Add(json);
        }, async (parse, store, ct) =>
        {
            var jobId = parse.GetValue(job);
            var asJson = parse.GetValue(json);
            var jobs = jobId is null
                ? (await store.ListJobsAsync(ct).ConfigureAwait(false)).Where(j => !j.IsFinished).ToList()
                : await store.GetJobAsync(jobId, ct).ConfigureAwait(false) is { } one ? [one]
                : await StaticSliceSet.FindAsync(store, jobId, ct).ConfigureAwait(false) is { } slices ? SlicesOf(asJson ? services.Error : services.Output, slices)
                : [await BackendCommand.RequireJobAsync(store, jobId, ct).ConfigureAwait(false)];
            if (asJson)
            {
                var views = new List<JobView>();
                foreach (var info in jobs)
                {
                    if (await store.GetProgressAsync(info.JobId, ct).ConfigureAwait(false) is { } progress)
                    {
                        views.Add(JobView.Of(progress, services.Time.GetUtcNow(), await LiveWorkerIds.ReadAsync(store, progress.Job.JobId, ct).ConfigureAwait(false)));
                    }
                }

                JsonValues.Print(services.Output, new JobsJson(store.Description, views), CliJsonContext.Default.JobsJson);
                return ExitCodes.Success;
            }

            if (jobs.Count == 0)
            {
                services.Output.WriteLine($"No running or paused jobs in {store.Description}; `ttg jobs` lists every job.");
                return ExitCodes.Success;
            }

            foreach (var info in jobs)
            {
                var progress = await store.GetProgressAsync(info.JobId, ct).ConfigureAwait(false);
                if (progress is null)
                {
                    continue;
                }

                services.Output.WriteLine($"{info.JobId} [{info.State.ToString().ToLowerInvariant()}] {info.Computation}");
                var elapsed = (info.FinishedAt ?? services.Time.GetUtcNow()) - info.CreatedAt;
                var frame = ProgressFrame.Of(progress, elapsed, [], await LiveWorkerIds.ReadAsync(store, info.JobId, ct).ConfigureAwait(false));
                services.Output.WriteLine(ProgressText.PlainLine(frame));
                if (DeadlinePlan.For(progress, frame.Estimate, services.Time.GetUtcNow()) is { } deadline)
                {
                    services.Output.WriteLine(deadline.Text);
                }

                if (SpeculationText.Line(progress) is { } speculation)
                {
                    services.Output.WriteLine(speculation);
                }

                foreach (var line in WorkersText.Lines(await store.ListWorkersAsync(info.JobId, ct).ConfigureAwait(false), services.Time.GetUtcNow()))
                {
                    services.Output.WriteLine(line);
                }
            }

            return ExitCodes.Success;
        });
    }

    /// <summary>A static run's slices, one status each, after a line that says which slices no worker started.</summary>
    private static List<JobInfo> SlicesOf(TextWriter output, StaticSliceSet slices)
    {
        var missing = slices.Missing.Count == 0 ? "" : $"; slices {string.Join(", ", slices.Missing)} not started yet";
        output.WriteLine($"{slices.Name}: static run of {slices.Count} slices{missing}");
        return [.. slices.Parts];
    }
}
