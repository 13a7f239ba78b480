namespace Ttg.Jobs;

/// <summary>
/// A job spec field as a message names it. The engine names fields as spec files spell them (<c>chunkSize</c>,
/// <c>chunkSize: 100</c>); a front end renders them its own way through <see cref="ISpecFieldNames"/> (the command
/// line as its flags, <c>--chunk-size 100</c>), so no engine message names a flag of some command line.
/// </summary>
/// <param name="Name">The field's name in a spec file (camelCase).</param>
public sealed record SpecField(string Name)
{
    /// <summary>The computation's registered name.</summary>
    public static readonly SpecField Computation = new("computation");

    /// <summary>A range of indices 0..N-1.</summary>
    public static readonly SpecField Params = new("params");

    /// <summary>Grid axes (or a sample's bounds).</summary>
    public static readonly SpecField Grid = new("grid");

    /// <summary>A sample drawn between the grid's bounds.</summary>
    public static readonly SpecField Sample = new("sample");

    /// <summary>The sample's seed.</summary>
    public static readonly SpecField Seed = new("seed");

    /// <summary>An input file of rows.</summary>
    public static readonly SpecField Input = new("input");

    /// <summary>Parameters per chunk.</summary>
    public static readonly SpecField ChunkSize = new("chunkSize");

    /// <summary>Attempts per parameter.</summary>
    public static readonly SpecField MaxAttempts = new("maxAttempts");

    /// <summary>How long a lease lasts.</summary>
    public static readonly SpecField Lease = new("lease");

    /// <summary>Each parameter's time limit.</summary>
    public static readonly SpecField Timeout = new("timeout");

    /// <summary>Parameters of an async computation in flight per compute slot.</summary>
    public static readonly SpecField AsyncConcurrency = new("asyncConcurrency");

    /// <summary>When the job should be done.</summary>
    public static readonly SpecField Deadline = new("deadline");

    /// <summary>A shell command run once per parameter.</summary>
    public static readonly SpecField Command = new("command");

    /// <summary>A long-lived program per compute slot.</summary>
    public static readonly SpecField Serve = new("serve");

    /// <summary>The computation's named arguments.</summary>
    public static readonly SpecField Arguments = new("arguments");

    /// <summary>This field set to <paramref name="value"/>, as a message's example or fix.</summary>
    public SpecSetting Set(string value) => new(this, value);

    /// <summary>The field's spec-file name.</summary>
    public override string ToString() => Name;
}
