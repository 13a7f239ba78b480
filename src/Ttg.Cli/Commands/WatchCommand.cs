using System.CommandLine;
using Ttg.Cli.Rendering;
using Ttg.WorkQueue;

namespace Ttg.Cli.Commands;

/// <summary><c>ttg watch JOB</c>: follow a job to the end; exit 0 when every parameter has a result, 3 when some failed.</summary>
internal static class WatchCommand
{
    public static Command Create(CliServices services)
    {
        var job = new Argument<string>("job") { Description = "The job id" };
        return BackendCommand.Create(services, "watch", "Follow a job's progress until it finishes", c => c.Arguments.Add(job), async (parse, store, ct) =>
        {
            var info = await BackendCommand.RequireJobAsync(store, parse.GetValue(job)!, ct).ConfigureAwait(false);
            var progress = await new ProgressFollower(store, services.Output, services.Time) { ShowWorkerFaults = true }.FollowAsync(info.JobId, null, ct).ConfigureAwait(false);
            return ExitCodeFor(progress);
        });
    }

    public static int ExitCodeFor(JobProgress progress) => progress switch
    {
        { Job.State: JobState.Cancelled } => ExitCodes.Incomplete,
        { Failed: > 0 } => ExitCodes.ParametersFailed,
        { IsFinished: true } => ExitCodes.Success,
        _ => ExitCodes.Incomplete,
    };
}
