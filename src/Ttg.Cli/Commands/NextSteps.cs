using Ttg.Cli.Options;
using Ttg.Programs;
using Ttg.Results;
using Ttg.WorkQueue;

namespace Ttg.Cli.Commands;

/// <summary>
/// The commands TTG prints for what to do next (continue a job, retry its failures, start a worker): each reaches
/// the backend the printing verb used (<see cref="BackendChoice.AsHintArguments"/>, so never a Redis password) and
/// pastes into a shell as it reads.
/// </summary>
internal static class NextSteps
{
    /// <summary>The command that continues <paramref name="jobId"/> on <paramref name="backend"/>, writing <paramref name="outPath"/> if given.</summary>
    public static string Resume(string jobId, BackendChoice backend, string? outPath) =>
        Printed(["ttg", "run", "--resume", jobId], backend, outPath is null ? [] : ["--out", outPath]);

    /// <summary>The command that re-queues the job's failed parameters.</summary>
    public static string Retry(string jobId, BackendChoice backend) => Printed(["ttg", "retry", jobId], backend, []);

    /// <summary>The command that starts a worker on the job.</summary>
    public static string Worker(string jobId, BackendChoice backend) => Printed(["ttg", "worker", "--job", jobId], backend, []);

    /// <summary>
    /// Writes a finished job's results as <see cref="ResultWriter"/> does and, when parameters failed, names the
    /// commands that recompute only those once their cause is fixed.
    /// </summary>
    public static async Task<int> WriteResultsAsync(CliServices services, ITtgBackend store, JobInfo job, BackendChoice backend, string? outPath, ResultGoal goal, CancellationToken cancellationToken)
    {
        var code = await ResultWriter.WriteAsync(services, store, job, outPath, goal, cancellationToken).ConfigureAwait(false);
        if (code == ExitCodes.ParametersFailed)
        {
            services.Error.WriteLine($"Once what made them fail is fixed, `{Retry(job.JobId, backend)}` re-queues the failed parameters and `{Resume(job.JobId, backend, outPath)}` computes only those.");
        }

        return code;
    }

    private static string Printed(string[] verb, BackendChoice backend, string[] tail) =>
        string.Join(' ', verb.Concat(backend.AsHintArguments()).Concat(tail).Select(ShellWord.QuoteIfNeeded));
}
