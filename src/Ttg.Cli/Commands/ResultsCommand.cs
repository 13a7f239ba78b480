using System.CommandLine;
using Ttg.Cli.Options;

namespace Ttg.Cli.Commands;

/// <summary><c>ttg results JOB [--out FILE]</c>: export a job's results and print its summary.</summary>
internal static class ResultsCommand
{
    public static Command Create(CliServices services)
    {
        var job = new Argument<string>("job") { Description = "The job id, or the name of a static run (its slices are read as one job)" };
        var results = new ResultOptions();
        var json = Json.JsonFlag.Create();
        var failed = new Option<bool>("--failed") { Description = "Print every failed parameter with its exception type, message, attempts and stack trace" };
        return BackendCommand.Create(services, "results", "Export a job's results (one row per parameter) and print a summary", c =>
        {
            c.Arguments.Add(job);
            results.AddTo(c);
            c.Options.Add(json);
            c.Options.Add(results.Metric);
            c.Options.Add(failed);
        }, async (parse, store, ct) =>
        {
            var outPath = results.GetCheckedOut(parse);
            var id = parse.GetValue(job)!;
            if (await store.GetJobAsync(id, ct).ConfigureAwait(false) is null && await StaticSliceSet.FindAsync(store, id, ct).ConfigureAwait(false) is { } slices)
            {
                return await WriteSlicesAsync(services, store, slices, outPath, results.GetGoal(parse), parse.GetValue(json), parse.GetValue(results.Metric), ct).ConfigureAwait(false);
            }

            if (parse.GetValue(failed))
            {
                var parts = await store.GetJobAsync(id, ct).ConfigureAwait(false) is { } single ? [single]
                    : await StaticSliceSet.FindAsync(store, id, ct).ConfigureAwait(false) is { } set ? set.Parts
                    : [await BackendCommand.RequireJobAsync(store, id, ct).ConfigureAwait(false)];
                var count = await Rendering.FailurePrinter.PrintAsync(services.Output, store, parts, ct).ConfigureAwait(false);
                return count > 0 ? ExitCodes.ParametersFailed : ExitCodes.Success;
            }

            var info = await BackendCommand.RequireJobAsync(store, id, ct).ConfigureAwait(false);
            if (!info.IsFinished)
            {
                services.Error.WriteLine($"note: job {info.JobId} is still {info.State.ToString().ToLowerInvariant()}; exporting the results stored so far.");
            }

            return await ResultWriter.WriteAsync(services, store, info, outPath, results.GetGoal(parse), ct, parse.GetValue(json), parse.GetValue(results.Metric)).ConfigureAwait(false);
        });
    }

    /// <summary>A static run read as one job: its slices' results in index order, complete once every slice is.</summary>
    private static async Task<int> WriteSlicesAsync(CliServices services, WorkQueue.ITtgBackend store, StaticSliceSet slices, string? outPath, Results.ResultGoal goal, bool json, string? metric, CancellationToken ct)
    {
        services.Error.WriteLine($"note: {slices.Name} is a static run of {slices.Count} slices; reading {slices.Parts.Count} of them as one job.");
        if (slices.Missing.Count > 0)
        {
            services.Error.WriteLine($"note: slices {string.Join(", ", slices.Missing)} of {slices.Count} have not been started by any worker yet.");
        }

        var unfinished = slices.Parts.Where(p => !p.IsFinished).Select(p => p.JobId).ToList();
        if (unfinished.Count > 0)
        {
            services.Error.WriteLine($"note: {string.Join(", ", unfinished)} not finished yet; exporting the results stored so far.");
        }

        var total = Jobs.JobPlan.FromStoredJson(slices.Parts[0].SpecJson).TotalParameters;
        return await ResultWriter.WriteAsync(services, store, slices.Parts, total, outPath, goal, ct, json, metric).ConfigureAwait(false);
    }
}
