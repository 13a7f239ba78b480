using System.CommandLine;
using Ttg.Cli.Options;
using Ttg.Reports;
using Ttg.Results;

namespace Ttg.Cli.Commands;

/// <summary><c>ttg report JOB --out report.html</c>: one self-contained HTML page with the job's facts, summary, histogram, heatmap and failures.</summary>
internal static class ReportCommand
{
    public static Command Create(CliServices services)
    {
        var job = new Argument<string>("job") { Description = "The job id" };
        var output = new Option<string>("--out") { Description = "Write the report to FILE (.html)", HelpName = "FILE", Required = true };
        var results = new ResultOptions();
        return BackendCommand.Create(services, "report", "Write a self-contained HTML report of a job: facts, summary, histogram, heatmap of a grid, failed parameters", c =>
        {
            c.Arguments.Add(job);
            c.Options.Add(output);
            c.Options.Add(results.Goal);
            c.Options.Add(results.Metric);
        }, async (parse, store, ct) =>
        {
            var path = CheckedPath(parse.GetValue(output)!);
            var info = await BackendCommand.RequireJobAsync(store, parse.GetValue(job)!, ct).ConfigureAwait(false);
            if (!info.IsFinished)
            {
                services.Error.WriteLine($"note: job {info.JobId} is still {info.State.ToString().ToLowerInvariant()}; the report shows the results stored so far.");
            }

            var read = await JobResults.ReadAsync(store, info, ct).ConfigureAwait(false);
            var report = await JobReportBuilder.BuildAsync(read, results.GetGoal(parse), parse.GetValue(results.Metric), services.Time, ct).ConfigureAwait(false);
            await HtmlReport.WriteFileAsync(report, path, ct).ConfigureAwait(false);
            services.Output.WriteLine($"Wrote the report of {info.JobId} ({report.Summary.Count:N0} results, {report.Summary.Failed:N0} failed) to {path}");
            return ExitCodes.Success;
        });
    }

    /// <summary>Checks the path before reading any result, like <c>--out</c> of run and results.</summary>
    private static string CheckedPath(string path)
    {
        var extension = Path.GetExtension(path).ToLowerInvariant();
        if (extension is not (".html" or ".htm"))
        {
            throw new CliException($"--out '{path}' must be an .html file; the report is one HTML page.", ExitCodes.BadInput);
        }

        var folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        if (!Directory.Exists(folder))
        {
            throw new CliException($"--out '{path}': folder '{folder}' does not exist; create it or pick another path.", ExitCodes.BadInput);
        }

        return path;
    }
}
