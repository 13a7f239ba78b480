namespace Ttg.Jobs;

/// <summary>The JSON a job is stored with: the spec plus what a worker needs without file access (the input's columns).</summary>
internal sealed class StoredJobSpec
{
    public const int CurrentVersion = 1;

    public int Version { get; set; } = CurrentVersion;

    public string? Name { get; set; }

    public string? Computation { get; set; }

    /// <summary>The computation's registered version; absent when the job was planned without a registry.</summary>
    public string? ComputationVersion { get; set; }

    public string? Command { get; set; }

    public string? Serve { get; set; }

    public int? AsyncConcurrency { get; set; }

    public long? Params { get; set; }

    public string? Grid { get; set; }

    public string? Input { get; set; }

    /// <summary>Sampled spaces: the sample text (<c>sobol:1000</c>); <see cref="Grid"/> holds the bounds.</summary>
    public string? Sample { get; set; }

    /// <summary>Sampled spaces: the seed.</summary>
    public long? Seed { get; set; }

    public int ChunkSize { get; set; }

    public int MaxAttempts { get; set; }

    /// <summary>Lease in seconds.</summary>
    public double Lease { get; set; }

    /// <summary>Time limit per parameter in seconds; absent when none.</summary>
    public double? Timeout { get; set; }

    /// <summary>Deadline in seconds after submission; absent when none.</summary>
    public double? Deadline { get; set; }

    /// <summary>False when speculative copies are off; absent when on (the default).</summary>
    public bool? Speculate { get; set; }

    public Dictionary<string, string>? Arguments { get; set; }

    /// <summary>Input-file spaces: the column names.</summary>
    public List<string>? Columns { get; set; }

    /// <summary>Input-file spaces: the number of rows.</summary>
    public long? Rows { get; set; }
}
