using Ttg.Cli.Options;

namespace Ttg.Cli.Commands;

/// <summary>How one <c>ttg run</c> runs its job locally.</summary>
/// <param name="WorkerCount">Worker processes to start.</param>
/// <param name="Concurrency">Chunks each worker computes at once.</param>
/// <param name="KillFraction">The fault demo: SIGKILL one worker when this fraction is done; null for none.</param>
/// <param name="ResumeCommand">The command that continues this job (named in every message after a stop).</param>
internal sealed record LocalRunOptions(int WorkerCount, int Concurrency, double? KillFraction, string ResumeCommand)
{
    /// <summary>
    /// The test hook <c>TTG_RUN_WORKER_ENV_N=NAME=VALUE</c>: puts NAME=VALUE into the environment of the N-th worker
    /// only (from 1), to make one local worker differ from the others as one node of a cluster would (a missing
    /// file, a variable its computation reads). Replacement workers do not get it.
    /// </summary>
    public static IReadOnlyDictionary<string, string>? WorkerEnvironment(int number)
    {
        var variable = $"TTG_RUN_WORKER_ENV_{number}";
        if (EnvironmentVariables.Get(variable) is not { } pair)
        {
            return null;
        }

        var split = pair.IndexOf('=', StringComparison.Ordinal);
        return split > 0
            ? new Dictionary<string, string>(StringComparer.Ordinal) { [pair[..split]] = pair[(split + 1)..] }
            : throw new CliException($"{variable}='{pair}' is not NAME=VALUE; set it like {variable}=MY_VARIABLE=1 or unset it.", ExitCodes.BadInput);
    }

    /// <summary>
    /// How long a worker may stay stopped (SIGSTOP) before it is replaced: the workers' liveness (TTG_LIVENESS, as they
    /// read it; default 2 s), or the job's lease when liveness is off.
    /// </summary>
    public static TimeSpan StoppedLimit(TimeSpan lease) =>
        EnvironmentVariables.GetDouble("TTG_LIVENESS") switch
        {
            null => Workers.WorkerOptions.DefaultLiveness,
            <= 0 => lease,
            var seconds => TimeSpan.FromSeconds(seconds.Value),
        };
}
