using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.Logging;
using Ttg.Cli.Hosting;
using Ttg.Cli.Options;
using Ttg.Cli.Rendering;
using Ttg.Jobs;
using Ttg.Launching;
using Ttg.Spaces;
using Ttg.WorkQueue;

namespace Ttg.Cli.Commands;

/// <summary>
/// <c>ttg run</c>, the first command a user types: submit a job, start worker processes, show live progress,
/// optionally kill a worker mid-run (the fault demo), then write the results and a summary. <c>--resume JOB</c>
/// does the same for a job stored by an earlier run, computing only what is missing.
/// </summary>
internal static class RunCommand
{
    public static Command Create(CliServices services)
    {
        var spec = new JobSpecOptions();
        var results = new ResultOptions();
        var backend = services.NewBackendOptions();
        var logging = services.NewLoggingOptions();
        var workers = new Option<int?>("--workers") { Description = "Worker processes to start (default: cores)", HelpName = "W" };
        var concurrency = new Option<int?>("--concurrency") { Description = "Chunks each worker computes at once (default: cores / workers, at least 1)", HelpName = "N" };
        var killAt = new Option<string?>("--kill-worker-at") { Description = "Fault demo: SIGKILL one worker when progress reaches this point, e.g. 30%", HelpName = "PERCENT" };
        var jobId = new Option<string?>("--job-id") { Description = "Use this job id instead of a generated one", HelpName = "ID" };
        var resume = new Option<string?>("--resume") { Description = "Continue this stored job (after Ctrl+C, a crash or a fault): compute only what is missing, then write --out", HelpName = "JOB" };
        var command = new Command("run", "Submit a job, run it on local worker processes with live progress, then write results and a summary");
        spec.AddTo(command);
        foreach (var option in new Option[] { workers, concurrency, killAt, jobId, resume })
        {
            command.Options.Add(option);
        }

        results.AddTo(command);
        backend.AddTo(command);
        logging.AddTo(command);
        command.SetAction(async (parse, _) =>
        {
            using var signal = new ShutdownSignal();
            using var loggerFactory = logging.CreateFactory(parse, LogLevel.Warning);
            var outPath = results.GetCheckedOut(parse);
            var goal = results.GetGoal(parse);
            var killFraction = ParseKillAt(parse.GetValue(killAt));
            var workerCount = parse.GetValue(workers) ?? Environment.ProcessorCount;
            if (workerCount < 1)
            {
                throw new CliException($"--workers must be at least 1 (got {workerCount}); pass --workers 3 or leave it out.", ExitCodes.BadInput);
            }

            if (killFraction is not null && workerCount < 2)
            {
                throw new CliException("--kill-worker-at needs at least 2 workers so one survives; pass --workers 3.", ExitCodes.BadInput);
            }

            var perWorker = parse.GetValue(concurrency) ?? Math.Max(1, Environment.ProcessorCount / workerCount);
            new WorkerFlags().CheckInheritedEnvironment();
            var resumeId = parse.GetValue(resume);
            if (resumeId is not null && parse.GetValue(jobId) is not null)
            {
                throw new CliException($"--resume {resumeId} continues a stored job under its own id; leave out --job-id.", ExitCodes.BadInput);
            }

            var plan = resumeId is null ? JobPlan.Create(spec.Build(parse), services.Registry, InputFileReader.Instance) : null;
            var choice = backend.Resolve(parse);
            await using var store = await backend.OpenAsync(parse, loggerFactory, signal.Token).ConfigureAwait(false);
            JobInfo job;
            if (resumeId is null)
            {
                job = await JobSubmitter.SubmitAsync(store, plan!, parse.GetValue(jobId), services.Time, services.Output, signal.Token).ConfigureAwait(false);
                services.Output.WriteLine($"Job {job.JobId}: {job.TotalParameters:N0} parameters of '{job.Computation}' in {job.ChunkCount:N0} chunks on {store.Description}, {workerCount} workers");
            }
            else
            {
                job = await RunResume.FindAsync(store, resumeId, spec, parse, services.Registry, signal.Token).ConfigureAwait(false);
                var done = await store.GetProgressAsync(job.JobId, signal.Token).ConfigureAwait(false);
                if (job.IsFinished)
                {
                    services.Output.WriteLine($"Job {job.JobId} is already {job.State.ToString().ToLowerInvariant()} ({done?.Done ?? 0:N0} of {job.TotalParameters:N0} parameters computed) in {store.Description}; nothing to compute.");
                    return await NextSteps.WriteResultsAsync(services, store, job, choice, outPath, goal, signal.Token).ConfigureAwait(false);
                }

                services.Output.WriteLine($"Resuming job {job.JobId}: {done?.Done ?? 0:N0} of {job.TotalParameters:N0} parameters of '{job.Computation}' already computed on {store.Description}, {workerCount} workers");
            }

            var resumeCommand = NextSteps.Resume(job.JobId, choice, outPath);
            var session = new LocalRun(services, store, job, choice, new LocalRunOptions(workerCount, perWorker, killFraction, resumeCommand));
            try
            {
                return await session.ExecuteAsync(outPath, goal, signal).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not CliException and not OperationCanceledException)
            {
                // The job is stored and resumable: say how, rather than leave it unattended without a word.
                throw new CliException(
                    $"{ex.Message.TrimEnd('.')}. Job {job.JobId} is stored in {store.Description}: continue it with `{resumeCommand}`, or remove it with `ttg delete {job.JobId}`.",
                    ExitCodes.Error);
            }
        });
        return command;
    }

    /// <summary>Reads <c>30%</c>, <c>30</c> or <c>0.3</c> as a fraction of the job.</summary>
    internal static double? ParseKillAt(string? text)
    {
        if (text is null)
        {
            return null;
        }

        var trimmed = text.Trim();
        var percent = trimmed.EndsWith('%');
        if (!double.TryParse(percent ? trimmed[..^1] : trimmed, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
        {
            throw new CliException($"--kill-worker-at '{text}' is not a percentage; pass for example --kill-worker-at 30%.", ExitCodes.BadInput);
        }

        var fraction = percent || value > 1 ? value / 100 : value;
        return fraction is > 0 and < 1
            ? fraction
            : throw new CliException($"--kill-worker-at '{text}' must lie strictly between 0% and 100%; pass for example 30%.", ExitCodes.BadInput);
    }
}
