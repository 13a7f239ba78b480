using System.CommandLine;

namespace Ttg.Cli.Commands;

/// <summary>
/// <c>ttg pause JOB</c> and <c>ttg resume JOB</c>: hold a job's remaining chunks back (leased ones still finish;
/// workers wait) and let them go again.
/// </summary>
internal static class PauseCommand
{
    public static Command CreatePause(CliServices services) => Create(services, pause: true);

    public static Command CreateResume(CliServices services) => Create(services, pause: false);

    private static Command Create(CliServices services, bool pause)
    {
        var job = new Argument<string>("job") { Description = "The job id" };
        var (name, description) = pause
            ? ("pause", "Pause a job: no more chunks are leased until `ttg resume`; leased chunks still finish and workers wait")
            : ("resume", "Resume a paused job: its remaining chunks are leased again");
        return BackendCommand.Create(services, name, description, c => c.Arguments.Add(job), async (parse, store, ct) =>
        {
            var jobId = parse.GetValue(job)!;
            var info = await BackendCommand.RequireJobAsync(store, jobId, ct).ConfigureAwait(false);
            var changed = pause ? await store.PauseAsync(jobId, ct).ConfigureAwait(false) : await store.ResumeAsync(jobId, ct).ConfigureAwait(false);
            var state = info.State.ToString().ToLowerInvariant();
            services.Output.WriteLine((changed, pause) switch
            {
                (true, true) => $"Paused job {jobId}: no more chunks are leased; `ttg resume {jobId}` continues it.",
                (true, false) => $"Resumed job {jobId}.",
                (false, true) => $"Job {jobId} is {state}; only a running job can be paused.",
                (false, false) => $"Job {jobId} is {state}; only a paused job can be resumed.",
            });
            return ExitCodes.Success;
        });
    }
}
