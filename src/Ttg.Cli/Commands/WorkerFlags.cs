using System.CommandLine;
using Ttg.Cli.Options;
using Ttg.Workers;

namespace Ttg.Cli.Commands;

/// <summary>The worker's own flags, each with its environment fallback (flags win).</summary>
internal sealed class WorkerFlags
{
    /// <summary>The flag that names a worker; <c>ttg run</c> gives each of its workers one.</summary>
    public const string WorkerIdFlag = "--worker-id";

    public Option<int?> Concurrency { get; } = new("--concurrency") { Description = "Chunks computed at once (default: cores, or TTG_CONCURRENCY)", HelpName = "N" };

    public Option<bool> ExitWhenIdle { get; } = new("--exit-when-idle") { Description = "Exit when no served job has chunks pending or leased (stays to take over a dead worker's chunks)" };

    public Option<string?> WorkerId { get; } = new(WorkerIdFlag) { Description = "Worker id for leases and per-worker counts (default: host-pid-random)", HelpName = "ID" };

    public Option<int?> BatchSize { get; } = new("--batch-size") { Description = "Log progress every N parameters (default 500, or BATCH_SIZE)", HelpName = "N" };

    public Option<double?> GracePeriod { get; } = new("--grace-period") { Description = "Seconds to finish running chunks after SIGTERM before releasing them (default 25, or TTG_GRACE_PERIOD)", HelpName = "SECONDS" };

    public Option<double?> Liveness { get; } = new("--liveness") { Description = "Seconds of silence after which other workers take over this worker's chunks (default 2, or TTG_LIVENESS; 0 = only when each lease expires)", HelpName = "SECONDS" };

    public Option<int?> HealthPortOption { get; } = new("--health-port") { Description = "Serve /healthz and /readyz on this port (or TTG_HEALTH_PORT)", HelpName = "PORT" };

    public Option<int?> MetricsPortOption { get; } = new("--metrics-port") { Description = "Serve Prometheus /metrics on this port (or TTG_METRICS_PORT)", HelpName = "PORT" };

    public Option<string?> Job { get; } = new("--job") { Description = "Serve only this job (or TTG_JOB); with --static, the job name of the slices", HelpName = "JOB" };

    public Option<bool> Static { get; } = new("--static") { Description = "Static mode: compute the fixed slice --index of --count of the job given by the spec flags, without competing for chunks" };

    public Option<int?> Index { get; } = new("--index") { Description = "Static mode: this worker's slice, from 0 (or WORKER_ID, or JOB_COMPLETION_INDEX)", HelpName = "I" };

    public Option<int?> Count { get; } = new("--count") { Description = "Static mode: number of slices (or TOTAL_WORKERS)", HelpName = "N" };

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { Concurrency, ExitWhenIdle, WorkerId, BatchSize, GracePeriod, Liveness, HealthPortOption, MetricsPortOption, Job, Static, Index, Count })
        {
            command.Options.Add(option);
        }
    }

    public WorkerOptions ToWorkerOptions(ParseResult parse) =>
        Build(parse.GetValue(Concurrency), parse.GetValue(ExitWhenIdle), parse.GetValue(BatchSize), parse.GetValue(GracePeriod), parse.GetValue(Liveness), parse.GetValue(WorkerId));

    /// <summary>
    /// Checks the environment variables a worker started by <c>ttg run</c> inherits (it passes only the concurrency
    /// as a flag), with the worker's own checks, so a bad one is one line and exit 2 before anything starts rather
    /// than every worker failing.
    /// </summary>
    /// <exception cref="CliException">A variable is not a number or out of its range.</exception>
    public void CheckInheritedEnvironment()
    {
        _ = Build(concurrency: 1, exitWhenIdle: true, batchSize: null, gracePeriod: null, liveness: null, workerId: null);
        _ = EnvironmentVariables.GetInt64("TTG_HEALTH_PORT");
        _ = EnvironmentVariables.GetInt64("TTG_METRICS_PORT");
    }

    private WorkerOptions Build(int? concurrency, bool exitWhenIdle, int? batchSize, double? gracePeriod, double? liveness, string? workerId)
    {
        var options = new WorkerOptions
        {
            Concurrency = concurrency ?? (int?)EnvironmentVariables.GetInt64("TTG_CONCURRENCY") ?? Environment.ProcessorCount,
            ExitWhenIdle = exitWhenIdle,
            ProgressEvery = batchSize ?? (int?)EnvironmentVariables.GetInt64("BATCH_SIZE") ?? 500,
            GracePeriod = TimeSpan.FromSeconds(gracePeriod ?? EnvironmentVariables.GetInt64("TTG_GRACE_PERIOD") ?? 25),
        };
        if ((liveness ?? EnvironmentVariables.GetDouble("TTG_LIVENESS")) is { } seconds)
        {
            if (!double.IsFinite(seconds) || seconds < 0 || seconds > 86_400)
            {
                throw new CliException($"--liveness {seconds} is out of range; pass a number of seconds from 0 (leases alone) to 86400, such as 2.", ExitCodes.BadInput);
            }

            options.Liveness = TimeSpan.FromSeconds(seconds);
        }

        if (workerId is { } id)
        {
            options.WorkerId = id;
        }

        try
        {
            options.Validate();
        }
        catch (InvalidWorkerOptionException ex)
        {
            throw new CliException(InTermsOfFlags(ex), ExitCodes.BadInput);
        }

        return options;
    }

    /// <summary>The engine's complaint about a property, told as the flag that sets it and the value to pass.</summary>
    private string InTermsOfFlags(InvalidWorkerOptionException error)
    {
        var flag = error.Property switch
        {
            nameof(WorkerOptions.WorkerId) => WorkerId.Name,
            nameof(WorkerOptions.Concurrency) => Concurrency.Name,
            nameof(WorkerOptions.GracePeriod) => GracePeriod.Name,
            nameof(WorkerOptions.Liveness) => Liveness.Name,
            nameof(WorkerOptions.ProgressEvery) => BatchSize.Name,
            _ => null,
        };
        if (flag is null)
        {
            return error.Message;
        }

        return error.Suggested is { } value ? $"{flag} {error.Problem}; pass {flag} {value} or leave it out." : $"{flag} {error.Problem}; pass a value or leave it out.";
    }

    public string? JobFilter(ParseResult parse) => parse.GetValue(Job) ?? EnvironmentVariables.Get("TTG_JOB");

    public int? HealthPort(ParseResult parse) => parse.GetValue(HealthPortOption) ?? (int?)EnvironmentVariables.GetInt64("TTG_HEALTH_PORT");

    public int? MetricsPort(ParseResult parse) => parse.GetValue(MetricsPortOption) ?? (int?)EnvironmentVariables.GetInt64("TTG_METRICS_PORT");

    /// <summary>The static slice: flags, then WORKER_ID/TOTAL_WORKERS, then Kubernetes' JOB_COMPLETION_INDEX.</summary>
    public (int Index, int Count) Slice(ParseResult parse)
    {
        var index = parse.GetValue(Index) ?? EnvironmentVariables.GetInt64("WORKER_ID") ?? EnvironmentVariables.GetInt64("JOB_COMPLETION_INDEX");
        var count = parse.GetValue(Count) ?? EnvironmentVariables.GetInt64("TOTAL_WORKERS");
        if (index is null || count is null)
        {
            throw new CliException("--static needs its slice: pass --index I --count N (or set WORKER_ID and TOTAL_WORKERS, or run in an Indexed Job).", ExitCodes.BadInput);
        }

        if (count < 1 || index < 0 || index >= count)
        {
            throw new CliException($"Slice --index {index} --count {count} is out of range; the index must be 0..count-1.", ExitCodes.BadInput);
        }

        return ((int)index, (int)count);
    }
}
