using Ttg.Programs;
using Ttg.Spaces;

namespace Ttg.Jobs;

/// <summary>Validation of a spec into a plan; every problem is one <see cref="JobSpecException"/> line naming the fix.</summary>
public sealed partial class JobPlan
{
    /// <summary>
    /// Validates <paramref name="spec"/> and builds its plan: the computation is set (and registered, when
    /// <paramref name="registry"/> is given), exactly one space is given and is non-empty, grid syntax, the input
    /// file exists and parses, chunk size, attempts and lease are sane. With a registry, the computation's
    /// per-job setup is also run once so bad arguments or missing parameter names fail here, not on every worker.
    /// A spec with an <see cref="JobSpec.Input"/> file needs <paramref name="inputs"/> to read it (the engine knows no
    /// file format; Ttg.Data's <c>InputFileReader</c> reads CSV and JSON lines).
    /// </summary>
    /// <exception cref="JobSpecException">The spec is invalid; the message is one line naming the problem and the fix.</exception>
    /// <exception cref="ArgumentException">The spec names an input file but no <paramref name="inputs"/> reader is given.</exception>
    public static JobPlan Create(JobSpec spec, ComputationRegistry? registry = null, IInputReader? inputs = null)
    {
        ArgumentNullException.ThrowIfNull(spec);
        spec = ProgramComputations.Resolve(spec);
        var registered = registry is null ? string.Empty : $" (registered: {string.Join(", ", registry.Names)})";
        if (string.IsNullOrWhiteSpace(spec.Computation))
        {
            throw new JobSpecException($"No computation given; name it first, as in `ttg submit square --params 100`, or set 'computation' in the spec file{registered}");
        }

        if (registry is not null && !registry.Contains(spec.Computation))
        {
            throw new JobSpecException($"Computation '{spec.Computation}' is not registered; pass one of: {string.Join(", ", registry.Names)}");
        }

        CheckNumbers(spec);
        var space = CreateSpace(spec, inputs);
        if (space.Count == 0)
        {
            throw new JobSpecException($"--input file '{spec.Input}' has no rows; add at least one row below the header");
        }

        foreach (var name in spec.Arguments.Keys)
        {
            if (string.IsNullOrWhiteSpace(name) || name.Any(char.IsWhiteSpace))
            {
                throw new JobSpecException($"Argument name '{name}' is empty or contains whitespace; pass arguments as --arg name=value");
            }
        }

        var descriptor = registry is not null && registry.TryGet(spec.Computation, out var found) ? found : null;
        var plan = new JobPlan(spec with { Name = string.IsNullOrWhiteSpace(spec.Name) ? spec.Computation : spec.Name }, space, CountChunks(space.Count, spec.ChunkSize), descriptor?.Version);
        if (descriptor is not null)
        {
            Probe(descriptor, plan);
        }

        return plan;
    }

    private static void CheckNumbers(JobSpec spec)
    {
        var kinds = new List<string>();
        if (spec.Params is not null)
        {
            kinds.Add("--params");
        }

        if (spec.Grid is not null)
        {
            kinds.Add("--grid");
        }

        if (spec.Input is not null)
        {
            kinds.Add("--input");
        }

        if (kinds.Count == 0)
        {
            throw new JobSpecException("No parameter space given; pass one of --params N, --grid \"x=-2:2:401,y=-1:3:401\" or --input params.csv");
        }

        if (kinds.Count > 1)
        {
            throw new JobSpecException($"Several parameter spaces given ({string.Join(" and ", kinds)}); pass only one of --params, --grid or --input");
        }

        if (spec.Sample is not null && spec.Grid is null)
        {
            throw new JobSpecException("--sample draws points between the bounds of --grid axes, not from --params or --input; pass for example --grid \"x=-2:2,y=-1:3\" --sample sobol:1000");
        }

        if (spec.Seed is not null && spec.Sample is null)
        {
            throw new JobSpecException("--seed chooses the points of a --sample and nothing else; add --sample random:1000 (or lhs, sobol), or leave --seed out");
        }

        if (spec.ChunkSize < JobSpec.AutoChunkSize)
        {
            throw new JobSpecException($"--chunk-size must be at least 1 (got {spec.ChunkSize}); pass --chunk-size 100, or --chunk-size auto (the default) or leave it out");
        }

        if (spec.MaxAttempts < 1)
        {
            throw new JobSpecException($"--max-attempts must be at least 1 (got {spec.MaxAttempts}); pass --max-attempts {JobSpec.DefaultMaxAttempts} or leave it out");
        }

        if (spec.Lease < TimeSpan.FromSeconds(1))
        {
            throw new JobSpecException($"--lease must be at least 1s (got {spec.Lease.TotalSeconds}s); pass --lease {JobSpec.DefaultLease.TotalSeconds}s or leave it out");
        }

        if (spec.Timeout is { } timeout && (timeout < TimeSpan.FromMilliseconds(1) || timeout > TimeSpan.FromDays(1)))
        {
            throw new JobSpecException($"--timeout must be between 0.001 and 86400 seconds (got {timeout.TotalSeconds}s); pass --timeout 60 for a minute per parameter, or leave it out for no limit");
        }

        if (spec.AsyncConcurrency is < 1 or > 100_000)
        {
            throw new JobSpecException($"--async-concurrency must be between 1 and 100000 (got {spec.AsyncConcurrency}); pass --async-concurrency {JobSpec.DefaultAsyncConcurrency} or leave it out");
        }

        if (spec.Deadline is { } deadline && (deadline < TimeSpan.FromSeconds(1) || deadline > TimeSpan.FromDays(366)))
        {
            throw new JobSpecException($"--deadline must be between 1s and 366 days after submission (got {deadline.TotalSeconds}s); pass --deadline 2h, or leave it out");
        }

        if (spec.Params is < 1)
        {
            throw new JobSpecException($"--params must be at least 1 (got {spec.Params}); pass --params 1000 for indices 0..999");
        }
    }

    private static ParameterSpace CreateSpace(JobSpec spec, IInputReader? inputs) => spec switch
    {
        { Params: { } count } => new RangeSpace(count),
        { Grid: { } grid, Sample: { } sample } => SampledSpace.Parse(grid, sample, spec.Seed ?? 0),
        { Grid: { } grid } => GridSpace.Parse(grid),
        _ => (inputs ?? throw new ArgumentException($"The spec names input file '{spec.Input}' but no input reader was given; pass one (Ttg.Data's InputFileReader reads .csv and .jsonl).", nameof(inputs))).Read(spec.Input!),
    };

    private static void Probe(ComputationDescriptor descriptor, JobPlan plan)
    {
        try
        {
            descriptor.Create(new ComputationContext("validation", plan.Arguments, plan.Space.Names));
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or InvalidOperationException or KeyNotFoundException or InvalidCastException)
        {
            throw new JobSpecException($"Computation '{descriptor.Name}' rejects this job: {ex.Message.Split('\n')[0].TrimEnd('.')}", ex);
        }
    }
}
