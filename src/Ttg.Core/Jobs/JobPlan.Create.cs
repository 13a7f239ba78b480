using Ttg.Programs;
using Ttg.Spaces;
using static System.FormattableString;

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
            throw JobSpecException.About($"No computation given{registered}; set {SpecField.Computation}");
        }

        if (registry is not null && !registry.Contains(spec.Computation))
        {
            throw new JobSpecException($"Computation '{spec.Computation}' is not registered; pass one of: {string.Join(", ", registry.Names)}");
        }

        CheckNumbers(spec);
        var space = CreateSpace(spec, inputs);
        if (space.Count == 0)
        {
            throw JobSpecException.About($"{SpecField.Input} file '{spec.Input}' has no rows; add at least one row below the header");
        }

        foreach (var name in spec.Arguments.Keys)
        {
            if (string.IsNullOrWhiteSpace(name) || name.Any(char.IsWhiteSpace))
            {
                throw JobSpecException.About($"Argument name '{name}' is empty or contains whitespace; write each as {SpecField.Arguments.Set("name=value")}");
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
        var kinds = new List<SpecField>();
        if (spec.Params is not null)
        {
            kinds.Add(SpecField.Params);
        }

        if (spec.Grid is not null)
        {
            kinds.Add(SpecField.Grid);
        }

        if (spec.Input is not null)
        {
            kinds.Add(SpecField.Input);
        }

        if (kinds.Count == 0)
        {
            throw JobSpecException.About($"No parameter space given; pass one of {SpecField.Params.Set("N")}, {SpecField.Grid.Set("\"x=-2:2:401,y=-1:3:401\"")} or {SpecField.Input.Set("params.csv")}");
        }

        if (kinds.Count > 1)
        {
            throw kinds.Count == 2
                ? JobSpecException.About($"Several parameter spaces given ({kinds[0]} and {kinds[1]}); pass only one of {SpecField.Params}, {SpecField.Grid} or {SpecField.Input}")
                : JobSpecException.About($"Several parameter spaces given ({kinds[0]} and {kinds[1]} and {kinds[2]}); pass only one of {SpecField.Params}, {SpecField.Grid} or {SpecField.Input}");
        }

        if (spec.Sample is not null && spec.Grid is null)
        {
            throw JobSpecException.About($"{SpecField.Sample} draws points between the bounds of {SpecField.Grid} axes, not from {SpecField.Params} or {SpecField.Input}; pass for example {SpecField.Grid.Set("\"x=-2:2,y=-1:3\"")} {SpecField.Sample.Set("sobol:1000")}");
        }

        if (spec.Seed is not null && spec.Sample is null)
        {
            throw JobSpecException.About($"{SpecField.Seed} chooses the points of a {SpecField.Sample} and nothing else; add {SpecField.Sample.Set("random:1000")} (or lhs, sobol), or leave {SpecField.Seed} out");
        }

        if (spec.ChunkSize < JobSpec.AutoChunkSize)
        {
            throw JobSpecException.About($"{SpecField.ChunkSize} must be at least 1 (got {spec.ChunkSize}); pass {SpecField.ChunkSize.Set("100")}, or {SpecField.ChunkSize.Set("auto")} (the default) or leave it out");
        }

        if (spec.MaxAttempts < 1)
        {
            throw JobSpecException.About($"{SpecField.MaxAttempts} must be at least 1 (got {spec.MaxAttempts}); pass {SpecField.MaxAttempts.Set(Invariant($"{JobSpec.DefaultMaxAttempts}"))} or leave it out");
        }

        if (spec.Lease < TimeSpan.FromSeconds(1))
        {
            throw JobSpecException.About($"{SpecField.Lease} must be at least 1s (got {spec.Lease.TotalSeconds}s); pass {SpecField.Lease.Set(Invariant($"{JobSpec.DefaultLease.TotalSeconds}s"))} or leave it out");
        }

        if (spec.Timeout is { } timeout && (timeout < TimeSpan.FromMilliseconds(1) || timeout > TimeSpan.FromDays(1)))
        {
            throw JobSpecException.About($"{SpecField.Timeout} must be between 0.001 and 86400 seconds (got {timeout.TotalSeconds}s); pass {SpecField.Timeout.Set("60")} for a minute per parameter, or leave it out for no limit");
        }

        if (spec.AsyncConcurrency is < 1 or > 100_000)
        {
            throw JobSpecException.About($"{SpecField.AsyncConcurrency} must be between 1 and 100000 (got {spec.AsyncConcurrency}); pass {SpecField.AsyncConcurrency.Set(Invariant($"{JobSpec.DefaultAsyncConcurrency}"))} or leave it out");
        }

        if (spec.Deadline is { } deadline && (deadline < TimeSpan.FromSeconds(1) || deadline > TimeSpan.FromDays(366)))
        {
            throw JobSpecException.About($"{SpecField.Deadline} must be between 1s and 366 days after submission (got {deadline.TotalSeconds}s); pass {SpecField.Deadline.Set("2h")}, or leave it out");
        }

        if (spec.Params is < 1)
        {
            throw JobSpecException.About($"{SpecField.Params} must be at least 1 (got {spec.Params}); pass {SpecField.Params.Set("1000")} for indices 0..999");
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
