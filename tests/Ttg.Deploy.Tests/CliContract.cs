namespace Ttg.Deploy.Tests;

/// <summary>
/// The part of the <c>ttg</c> command line that the manifests and scripts rely on, written down by hand
/// from the CLI's documented contract. <see cref="CliConsistencyTests"/> checks the manifests against
/// this list without the binary, and checks this list against the real binary (<c>ttg env</c>,
/// <c>ttg VERB --help</c>).
/// </summary>
internal static class CliContract
{
    public static readonly IReadOnlySet<string> EnvironmentVariables = new HashSet<string>(StringComparer.Ordinal)
    {
        "WORKER_ID", "TOTAL_WORKERS", "TOTAL_PARAMETERS", "BATCH_SIZE", "SIMULATE_WORK_MS", "LOG_LEVEL",
        "LOG_FORMAT", "QUEUE_MODE", "REDIS_HOST", "REDIS_PORT", "REDIS_PASSWORD", "REDIS_URL",
        "JOB_COMPLETION_INDEX", "TTG_CONCURRENCY", "TTG_GRACE_PERIOD", "TTG_HEALTH_PORT", "TTG_METRICS_PORT",
        "TTG_JOB", "TTG_LIVENESS", "TTG_REDIS_CA",
    };

    public static readonly IReadOnlyDictionary<string, IReadOnlySet<string>> Flags = new Dictionary<string, IReadOnlySet<string>>
    {
        ["worker"] = new HashSet<string>(StringComparer.Ordinal)
        {
            "--redis", "--store", "--concurrency", "--exit-when-idle", "--worker-id", "--batch-size", "--log-level",
            "--log-format", "--grace-period", "--health-port", "--metrics-port", "--static", "--index", "--count",
            "--job", "--liveness",
        },
        ["submit"] = new HashSet<string>(StringComparer.Ordinal)
        {
            "--params", "--grid", "--input", "--spec", "--chunk-size", "--max-attempts", "--lease", "--work-ms",
            "--fail-on", "--arg", "--name", "--job-id", "--redis", "--timeout",
        },
        ["watch"] = new HashSet<string>(StringComparer.Ordinal) { "--redis" },
        ["dashboard"] = new HashSet<string>(StringComparer.Ordinal) { "--redis", "--host", "--port" },
    };

    /// <summary>Verbs the scripts call through <c>kubectl exec</c> (scripts/run-demo.sh).</summary>
    public static readonly IReadOnlyList<string> ScriptVerbs = ["status"];

    /// <summary>Default of <c>ttg worker --grace-period</c>, in seconds.</summary>
    public const int DefaultGracePeriodSeconds = 25;
}
