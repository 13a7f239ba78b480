namespace Ttg.Cli.Options;

/// <summary>
/// Every environment variable ttg reads, with its meaning. Flags always win over these. The names of the
/// original Python worker are kept so its manifests and habits carry over.
/// </summary>
public static class EnvironmentVariables
{
    /// <summary>The variables and their descriptions, in the order <c>ttg env</c> prints them.</summary>
    public static IReadOnlyList<(string Name, string Description)> All { get; } =
    [
        ("WORKER_ID", "static mode: this worker's slice index (same as --index)"),
        ("TOTAL_WORKERS", "static mode: number of slices (same as --count)"),
        ("JOB_COMPLETION_INDEX", "static mode: slice index set by a Kubernetes Indexed Job (used when WORKER_ID is unset)"),
        ("TOTAL_PARAMETERS", "default for --params"),
        ("BATCH_SIZE", "default for --batch-size: log progress every N parameters (default 500)"),
        ("SIMULATE_WORK_MS", "default for --work-ms of the simulate and spin computations (default 1)"),
        ("LOG_LEVEL", "DEBUG, INFO, WARNING or ERROR (default INFO)"),
        ("LOG_FORMAT", "text or json (default text)"),
        ("QUEUE_MODE", "true: use Redis at REDIS_HOST:REDIS_PORT when no --store/--redis is given"),
        ("REDIS_URL", "default for --redis: redis://[user:password@]host:port[/db] or rediss:// for TLS"),
        ("REDIS_HOST", "Redis host when REDIS_URL is unset (default ttg-redis when QUEUE_MODE=true)"),
        ("REDIS_PORT", "Redis port (default 6379)"),
        ("REDIS_PASSWORD", "Redis password"),
        ("TTG_REDIS_CA", "PEM file of a private CA that signed the Redis server's TLS certificate (rediss:// URLs)"),
        ("TTG_STORE", "default for --store: the SQLite file (default ./ttg.db)"),
        ("TTG_SQLITE_BUSY_TIMEOUT", "seconds a SQLite store waits for a lock held by another process (default 30)"),
        ("TTG_JOB", "default for --job: serve only this job"),
        ("TTG_CONCURRENCY", "default for --concurrency: chunks computed at once per worker (default: cores)"),
        ("TTG_GRACE_PERIOD", "default for --grace-period in seconds (default 25)"),
        ("TTG_LIVENESS", "default for --liveness in seconds (default 2; 0 = leases alone)"),
        ("TTG_HEALTH_PORT", "default for --health-port: serve /healthz and /readyz"),
        ("TTG_METRICS_PORT", "default for --metrics-port: serve Prometheus /metrics"),
    ];

    /// <summary>The numeric variables: the range a value must lie in (the same as its flag's) and an example.</summary>
    private static readonly Dictionary<string, (double Min, double Max, string Example)> Ranges = new(StringComparer.Ordinal)
    {
        ["WORKER_ID"] = (0, int.MaxValue, "0"),
        ["JOB_COMPLETION_INDEX"] = (0, int.MaxValue, "0"),
        ["TOTAL_WORKERS"] = (1, int.MaxValue, "4"),
        ["TOTAL_PARAMETERS"] = (1, long.MaxValue, "1000"),
        ["BATCH_SIZE"] = (1, int.MaxValue, "500"),
        ["SIMULATE_WORK_MS"] = (0, 3_600_000, "1"),
        ["REDIS_PORT"] = (1, 65_535, "6379"),
        ["TTG_SQLITE_BUSY_TIMEOUT"] = (0, 86_400, "30"),
        ["TTG_CONCURRENCY"] = (1, 4_096, "2"),
        ["TTG_GRACE_PERIOD"] = (0, 86_400, "25"),
        ["TTG_LIVENESS"] = (0, 86_400, "2"),
        ["TTG_HEALTH_PORT"] = (1, 65_535, "8081"),
        ["TTG_METRICS_PORT"] = (1, 65_535, "9090"),
    };

    /// <summary>The variable's value, or null when unset or empty.</summary>
    public static string? Get(string name)
    {
        var value = Environment.GetEnvironmentVariable(name);
        return string.IsNullOrWhiteSpace(value) ? null : value.Trim();
    }

    /// <summary>The variable as an integer, or null when unset.</summary>
    /// <exception cref="CliException">The variable is set but not an integer.</exception>
    public static long? GetInt64(string name) =>
        GetNumber<long>(name, System.Globalization.NumberStyles.Integer, "an integer; set it to a whole number");

    /// <summary>The variable as a number, or null when unset.</summary>
    /// <exception cref="CliException">The variable is set but not a number.</exception>
    public static double? GetDouble(string name) =>
        GetNumber<double>(name, System.Globalization.NumberStyles.Float, "a number; set it to a number such as 2");

    private static T? GetNumber<T>(string name, System.Globalization.NumberStyles styles, string expected)
        where T : struct, System.Numerics.INumberBase<T>
    {
        var text = Get(name);
        if (text is null)
        {
            return null;
        }

        if (!T.TryParse(text, styles, System.Globalization.CultureInfo.InvariantCulture, out var value) || !T.IsFinite(value))
        {
            throw new CliException($"Environment variable {name} is '{text}', which is not {expected} or unset it.", ExitCodes.BadInput);
        }

        // A value past the range would overflow where it is used (a TimeSpan, an int); it is bad input, not a crash.
        var number = double.CreateSaturating(value);
        if (Ranges.TryGetValue(name, out var range) && (number < range.Min || number > range.Max))
        {
            var invariant = System.Globalization.CultureInfo.InvariantCulture;
            throw new CliException($"Environment variable {name} is '{text}', outside {range.Min.ToString(invariant)} to {range.Max.ToString("0", invariant)}; set it to {range.Example}, for example, or unset it.", ExitCodes.BadInput);
        }

        return value;
    }
}
