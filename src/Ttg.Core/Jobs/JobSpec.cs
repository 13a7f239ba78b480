namespace Ttg.Jobs;

/// <summary>
/// What to compute: the computation, the parameter space (exactly one of <see cref="Params"/>, <see cref="Grid"/>
/// or <see cref="Input"/>) and how to cut it into chunks. Read from flags or from a spec file
/// (<c>--spec job.yaml|json</c>, same field names in camelCase); flags override the file.
/// </summary>
public sealed record JobSpec
{
    /// <summary>The chunk size that asks for <see cref="ChunkSizing"/>'s plan (<c>--chunk-size auto</c>): 0.</summary>
    public const int AutoChunkSize = 0;

    /// <summary>Default chunk size: <see cref="AutoChunkSize"/>, sizes planned from the job's parameter count.</summary>
    public const int DefaultChunkSize = AutoChunkSize;

    /// <summary>Default attempts per chunk before it is split: 3.</summary>
    public const int DefaultMaxAttempts = 3;

    /// <summary>Default lease: 5 seconds, renewed every third of it.</summary>
    public static readonly TimeSpan DefaultLease = TimeSpan.FromSeconds(5);

    /// <summary>A human name; defaults to the computation's name.</summary>
    public string? Name { get; init; }

    /// <summary>The registered computation to run (for example <c>square</c>).</summary>
    public string? Computation { get; init; }

    /// <summary>
    /// A shell command run once per parameter instead of a registered computation (<c>--command 'python3 sim.py --x {x}'</c>):
    /// <c>{name}</c> and <c>{index}</c> are filled in shell-quoted, and the last line it prints is the result.
    /// </summary>
    public string? Command { get; init; }

    /// <summary>
    /// A long-lived program started once per compute slot instead of a registered computation (<c>--serve 'python3 model.py'</c>),
    /// speaking JSON lines on stdin and stdout (docs/serve-protocol.md).
    /// </summary>
    public string? Serve { get; init; }

    /// <summary>
    /// Parameters of one chunk an asynchronous computation may have in flight at once (per compute slot). Null picks
    /// the default: <see cref="DefaultAsyncConcurrency"/>, <see cref="DefaultServeConcurrency"/> for <see cref="Serve"/>
    /// and 1 for <see cref="Command"/> (one process per slot). Synchronous computations are unaffected.
    /// </summary>
    public int? AsyncConcurrency { get; init; }

    /// <summary>Default in-flight parameters per chunk of an asynchronous computation: 16.</summary>
    public const int DefaultAsyncConcurrency = 16;

    /// <summary>Default in-flight parameters per chunk sent to a <see cref="Serve"/> program: 64 (pipelined on its stdin).</summary>
    public const int DefaultServeConcurrency = 64;

    /// <summary>An integer range 0..Params-1 (<c>--params N</c>).</summary>
    public long? Params { get; init; }

    /// <summary>A cartesian grid of named axes (<c>--grid "x=-2:2:401,y=-1:3:401,k=[1,2,5]"</c>).</summary>
    public string? Grid { get; init; }

    /// <summary>
    /// Sample <see cref="Grid"/>'s bounds instead of taking its grid points (<c>--sample sobol:100000</c>; kinds random,
    /// lhs, sobol); the axes are then <c>name=low:high</c> (optionally <c>:log</c>). None by default.
    /// </summary>
    public string? Sample { get; init; }

    /// <summary>The seed of <see cref="Sample"/>: the same seed gives the same points; default 0.</summary>
    public long? Seed { get; init; }

    /// <summary>
    /// Copy the results of parameters an earlier job in the same store computed successfully, with the same
    /// computation, computation version, arguments and parameter names, instead of computing them again
    /// (<c>--reuse</c>, spec <c>reuse: true</c>). Default false.
    /// </summary>
    public bool Reuse { get; init; }

    /// <summary>A CSV or JSONL file, one parameter set per row (<c>--input params.csv</c>).</summary>
    public string? Input { get; init; }

    /// <summary>Parameters per chunk, or <see cref="AutoChunkSize"/> for the factoring plan; default auto.</summary>
    public int ChunkSize { get; init; } = DefaultChunkSize;

    /// <summary>Attempts per chunk before it is split; default <see cref="DefaultMaxAttempts"/>.</summary>
    public int MaxAttempts { get; init; } = DefaultMaxAttempts;

    /// <summary>Lease duration; default <see cref="DefaultLease"/>.</summary>
    public TimeSpan Lease { get; init; } = DefaultLease;

    /// <summary>
    /// Time limit per parameter; none by default. A parameter still running after it is cancelled and counts as a
    /// failure (retried, then isolated); one that ignores the cancellation for <see cref="TimeoutGrace"/> more takes
    /// its worker process down, so the parameter is isolated without holding a core for ever.
    /// </summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>How long a parameter may ignore its cancelled time limit before its worker exits: 5 s or the limit, whichever is longer.</summary>
    public static TimeSpan TimeoutGrace(TimeSpan timeout) => timeout > TimeSpan.FromSeconds(5) ? timeout : TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long after submission the job should be done; none by default. Status then says whether the live workers
    /// make it and how many workers would (the number an autoscaler can target). It changes no scheduling.
    /// </summary>
    public TimeSpan? Deadline { get; init; }

    /// <summary>
    /// Whether an idle worker may start a second copy of a straggling chunk once nothing is pending (the first
    /// completion is recorded, the other dropped; at most a tenth of the job is copied). Default: true.
    /// </summary>
    public bool Speculate { get; init; } = true;

    /// <summary>Free-form arguments read by the computation (for example <c>work-ms</c>, <c>fail-on</c>).</summary>
    public IReadOnlyDictionary<string, string> Arguments { get; init; } = new Dictionary<string, string>();
}
