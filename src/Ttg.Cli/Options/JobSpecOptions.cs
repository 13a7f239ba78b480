using System.CommandLine;
using System.Globalization;
using Ttg.Jobs;

namespace Ttg.Cli.Options;

/// <summary>
/// The flags that describe a job: the computation, one parameter space and how to chunk it. A spec file
/// (<c>--spec</c>) gives the same fields; a flag given on the command line overrides the file.
/// </summary>
internal sealed class JobSpecOptions
{
    public Argument<string?> Computation { get; } = new("computation")
    {
        Description = "The registered computation to run (see `ttg computations`)",
        Arity = ArgumentArity.ZeroOrOne,
    };

    public Option<long?> Params { get; } = new("--params") { Description = "An integer range 0..N-1 (or TOTAL_PARAMETERS)", HelpName = "N" };

    public Option<string?> Grid { get; } = new("--grid") { Description = "Cartesian grid, e.g. \"x=-2:2:401,y=-1:3:401,k=[1,2,5]\" (a:b:n linspace, a..b integers, [..] list)", HelpName = "SPEC" };

    public Option<string?> Sample { get; } = new("--sample") { Description = "Sample N points between the --grid axes' bounds (x=-2:2, lr=1e-5:1e-1:log) instead of a grid: random:N, lhs:N (Latin hypercube) or sobol:N", HelpName = "KIND:N" };

    public Option<long?> Seed { get; } = new("--seed") { Description = "Seed of --sample: the same seed gives the same points (default 0)", HelpName = "N" };

    public Option<bool> Reuse { get; } = new("--reuse") { Description = "Copy the results of parameters an earlier job in this store computed successfully (same computation, version and arguments) instead of computing them again" };

    public Option<string?> Input { get; } = new("--input") { Description = "CSV (with header) or JSONL file, one parameter set per row", HelpName = "FILE" };

    public Option<string?> Spec { get; } = new("--spec") { Description = "Job spec file (.yaml, .yml or .json) with the same fields; flags override it", HelpName = "FILE" };

    public Option<int?> ChunkSize { get; } = new("--chunk-size") { Description = "Parameters per chunk, or auto (the default): large chunks while much remains, shrinking toward the end", HelpName = "N|auto" };

    public Option<int?> MaxAttempts { get; } = new("--max-attempts") { Description = $"Attempts per chunk before it is split to isolate failures (default {JobSpec.DefaultMaxAttempts})", HelpName = "N" };

    public Option<double?> Lease { get; } = new("--lease") { Description = $"Lease in seconds; renewed every third (default {JobSpec.DefaultLease.TotalSeconds:F0})", HelpName = "SECONDS" };

    public Option<double?> Timeout { get; } = new("--timeout") { Description = "Time limit per parameter in seconds: past it the parameter is cancelled and counts as failed (retried, then isolated); default none", HelpName = "SECONDS" };

    public Option<string?> Command { get; } = new("--command") { Description = "Run this shell command per parameter instead of a computation; {name} and {index} are filled in, its last stdout line (JSON) is the result", HelpName = "LINE" };

    public Option<string?> Serve { get; } = new("--serve") { Description = "Start this program once per compute slot and send it parameters as JSON lines (docs/serve-protocol.md)", HelpName = "LINE" };

    public Option<int?> AsyncConcurrency { get; } = new("--async-concurrency") { Description = $"Parameters of a chunk in flight at once for asynchronous computations (default {JobSpec.DefaultAsyncConcurrency}; --serve {JobSpec.DefaultServeConcurrency}; --command 1)", HelpName = "N" };

    public Option<string?> Deadline { get; } = new("--deadline") { Description = "When the job should be done, after submission (30m, 2h): status says whether the live workers make it and how many workers would; default none", HelpName = "DURATION" };

    public Option<string?> Speculate { get; } = new("--speculate") { Description = "on: once nothing is pending, an idle worker also computes a straggling chunk and the first result is kept (at most a tenth of the job twice); off: never (default on)", HelpName = "on|off" };

    public Option<string[]> Args { get; } = new("--arg") { Description = "An argument for the computation, name=value (repeatable)", HelpName = "NAME=VALUE", AllowMultipleArgumentsPerToken = false };

    public Option<string?> Name { get; } = new("--name") { Description = "A human name for the job (default: the computation)", HelpName = "NAME" };

    public void AddTo(Command command)
    {
        command.Arguments.Add(Computation);
        foreach (var option in new Option[] { Params, Grid, Sample, Seed, Reuse, Input, Spec, Command, Serve, AsyncConcurrency, ChunkSize, MaxAttempts, Lease, Timeout, Deadline, Speculate, Args, Name })
        {
            command.Options.Add(option);
        }
    }

    /// <summary>Builds the spec: the file (if any), then flags given explicitly, then environment defaults.</summary>
    public JobSpec Build(ParseResult parse, string? defaultComputation = null)
    {
        var specPath = parse.GetValue(Spec);
        var spec = specPath is null ? new JobSpec() : JobSpecFile.Load(specPath);

        var computation = parse.GetValue(Computation) ?? spec.Computation ?? defaultComputation;
        var arguments = new Dictionary<string, string>(spec.Arguments, StringComparer.OrdinalIgnoreCase);
        foreach (var pair in parse.GetValue(Args) ?? [])
        {
            var split = pair.IndexOf('=', StringComparison.Ordinal);
            if (split <= 0)
            {
                throw new CliException($"--arg '{pair}' is not name=value; pass for example --arg alpha=0.5.", ExitCodes.BadInput);
            }

            arguments[pair[..split].Trim()] = pair[(split + 1)..].Trim();
        }

        // The flags the registered computations contributed (the stock ttg's --work-ms and --fail-on).
        ContributedFlags.Apply(parse, arguments);

        var grid = parse.GetValue(Grid);
        var input = parse.GetValue(Input);
        var parameters = parse.GetValue(Params);
        var spaceFromFlags = grid is not null || input is not null || parameters is not null;
        if (!spaceFromFlags && spec.Params is null && spec.Grid is null && spec.Input is null)
        {
            parameters = EnvironmentVariables.GetInt64("TOTAL_PARAMETERS");
        }

        return spec with
        {
            Name = parse.GetValue(Name) ?? spec.Name,
            Computation = computation,
            Command = parse.GetValue(Command) ?? spec.Command,
            Serve = parse.GetValue(Serve) ?? spec.Serve,
            AsyncConcurrency = parse.GetValue(AsyncConcurrency) ?? spec.AsyncConcurrency,
            // A space given by flags replaces the file's space entirely rather than mixing kinds.
            Params = spaceFromFlags ? parameters : parameters ?? spec.Params,
            Grid = spaceFromFlags ? grid : spec.Grid,
            Sample = spaceFromFlags ? parse.GetValue(Sample) : parse.GetValue(Sample) ?? spec.Sample,
            Seed = parse.GetValue(Seed) ?? spec.Seed,
            Reuse = parse.GetValue(Reuse) || spec.Reuse,
            Input = spaceFromFlags ? input : spec.Input,
            ChunkSize = parse.GetValue(ChunkSize) ?? spec.ChunkSize,
            MaxAttempts = parse.GetValue(MaxAttempts) ?? spec.MaxAttempts,
            Lease = parse.GetValue(Lease) is { } lease ? TimeSpan.FromSeconds(lease) : spec.Lease,
            Timeout = parse.GetValue(Timeout) is { } timeout ? Seconds(timeout, "--timeout") : spec.Timeout,
            Deadline = parse.GetValue(Deadline) is { } deadline ? Duration(deadline, "--deadline") : spec.Deadline,
            Speculate = parse.GetValue(Speculate) is { } speculate ? OnOff(speculate, "--speculate") : spec.Speculate,
            Arguments = arguments,
        };
    }

    /// <summary>A flag's duration (seconds or with a unit: 90, 30m, 2h); anything else is bad input.</summary>
    private static TimeSpan Duration(string text, string flag) =>
        DurationText.TryParse(text, JobDeadline.MaxSeconds, out var duration)
            ? duration
            : throw new CliException($"{flag} '{text}' is not a duration; pass for example {flag} 2h or {flag} 30m.", ExitCodes.BadInput);

    /// <summary>A flag's on/off value; anything else is bad input.</summary>
    private static bool OnOff(string text, string flag) =>
        SpeculateText.TryParse(text, out var on)
            ? on
            : throw new CliException($"{flag} '{text}' is not on or off; pass {flag} off to turn it off.", ExitCodes.BadInput);

    /// <summary>A flag's seconds as a duration; NaN, infinities and values beyond a TimeSpan are bad input, not a crash.</summary>
    private static TimeSpan Seconds(double seconds, string flag) =>
        double.IsFinite(seconds) && Math.Abs(seconds) < TimeSpan.MaxValue.TotalSeconds
            ? TimeSpan.FromSeconds(seconds)
            : throw new CliException($"{flag} {seconds} is not a number of seconds; pass for example {flag} 60.", ExitCodes.BadInput);
}
