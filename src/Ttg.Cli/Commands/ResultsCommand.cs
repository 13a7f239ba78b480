using System.CommandLine;
using Ttg.Cli.Options;

namespace Ttg.Cli.Commands;

/// <summary><c>ttg results JOB [--out FILE]</c>: export a job's results and print its summary.</summary>
internal static class ResultsCommand
{
    public static Command Create(CliServices services)
    {
        var job = new Argument<string>("job") { Description = "The job id" };
        var results = new ResultOptions();
        return BackendCommand.Create(services, "results", "Export a job's results (one row per parameter) and print a summary", c =>
        {
            c.Arguments.Add(job);
            results.AddTo(c);
        }, async (parse, store, ct) =>
        {
            var outPath = results.GetCheckedOut(parse);
            var info = await BackendCommand.RequireJobAsync(store, parse.GetValue(job)!, ct).ConfigureAwait(false);
            if (info.State == WorkQueue.JobState.Running)
            {
                services.Error.WriteLine($"note: job {info.JobId} is still running; exporting the results stored so far.");
            }

            return await ResultWriter.WriteAsync(services, store, info, outPath, results.GetGoal(parse), ct).ConfigureAwait(false);
        });
    }
}
