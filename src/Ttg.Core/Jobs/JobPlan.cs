using System.Text.Json;
using Ttg.Programs;
using Ttg.Spaces;
using Ttg.WorkQueue;

namespace Ttg.Jobs;

/// <summary>
/// A validated job: its spec, its parameter space and how the space is cut into chunks. The submitter makes it
/// with <see cref="Create"/>; a worker rebuilds it from the stored JSON with <see cref="FromStoredJson"/>.
/// </summary>
public sealed partial class JobPlan
{
    private JobPlan(JobSpec spec, ParameterSpace space, int chunkCount, string? computationVersion)
    {
        ComputationVersion = computationVersion;
        Spec = spec;
        Space = space;
        ChunkCount = chunkCount;
        Arguments = new JobArguments(ProgramComputations.WithProgramArgument(spec));
    }

    /// <summary>The spec, with <see cref="JobSpec.Name"/> defaulted to the computation's name.</summary>
    public JobSpec Spec { get; }

    /// <summary>The version of the computation the job was planned with (from its registration); null when planned without a registry.</summary>
    public string? ComputationVersion { get; }

    /// <summary>The parameter space.</summary>
    public ParameterSpace Space { get; }

    /// <summary>The job's arguments, as computations read them.</summary>
    public JobArguments Arguments { get; }

    /// <summary>Number of parameters.</summary>
    public long TotalParameters => Space.Count;

    /// <summary>Number of chunks of the whole job: ceiling of parameters over chunk size.</summary>
    public int ChunkCount { get; }

    /// <summary>The spec as stored with the job; the input's columns are included so workers need no file.</summary>
    public string ToStoredJson()
    {
        var stored = new StoredJobSpec
        {
            Name = Spec.Name,
            Computation = Spec.Computation,
            ComputationVersion = ComputationVersion,
            Command = Spec.Command,
            Serve = Spec.Serve,
            AsyncConcurrency = Spec.AsyncConcurrency,
            Params = Spec.Params,
            Grid = Spec.Grid,
            Sample = Spec.Sample,
            Seed = Spec.Seed,
            Input = Spec.Input,
            ChunkSize = Spec.ChunkSize,
            MaxAttempts = Spec.MaxAttempts,
            Lease = Spec.Lease.TotalSeconds,
            Timeout = Spec.Timeout?.TotalSeconds,
            Deadline = Spec.Deadline?.TotalSeconds,
            Speculate = Spec.Speculate ? null : false,
            Arguments = new Dictionary<string, string>(Spec.Arguments, StringComparer.Ordinal),
            Columns = Space is RowsSpace ? [.. Space.Names] : null,
            Rows = Space is RowsSpace ? Space.Count : null,
        };
        return JsonSerializer.Serialize(stored, StoredJobSpecJson.Default.StoredJobSpec);
    }

    /// <summary>Rebuilds a plan from <see cref="ToStoredJson"/> output, without touching files (rows come with chunks).</summary>
    /// <exception cref="JobSpecException">The JSON is not a stored job spec of this version.</exception>
    public static JobPlan FromStoredJson(string specJson)
    {
        StoredJobSpec? stored;
        try
        {
            stored = JsonSerializer.Deserialize(specJson, StoredJobSpecJson.Default.StoredJobSpec);
        }
        catch (JsonException ex)
        {
            throw new JobSpecException($"The stored job spec is not valid JSON ({ex.Message}); resubmit the job", ex);
        }

        if (stored is null || stored.Version != StoredJobSpec.CurrentVersion)
        {
            throw new JobSpecException($"The stored job spec has version {stored?.Version}; this build reads version {StoredJobSpec.CurrentVersion}; run the same TTG version as the submitter");
        }

        var spec = new JobSpec
        {
            Name = stored.Name,
            Computation = stored.Computation,
            Command = stored.Command,
            Serve = stored.Serve,
            AsyncConcurrency = stored.AsyncConcurrency,
            Params = stored.Params,
            Grid = stored.Grid,
            Sample = stored.Sample,
            Seed = stored.Seed,
            Input = stored.Input,
            ChunkSize = stored.ChunkSize,
            MaxAttempts = stored.MaxAttempts,
            Lease = TimeSpan.FromSeconds(stored.Lease),
            Timeout = stored.Timeout is { } timeout ? TimeSpan.FromSeconds(timeout) : null,
            Deadline = stored.Deadline is { } deadline ? TimeSpan.FromSeconds(deadline) : null,
            Speculate = stored.Speculate ?? true,
            Arguments = stored.Arguments ?? [],
        };
        ParameterSpace space = stored switch
        {
            { Params: { } count } => new RangeSpace(count),
            { Grid: { } grid, Sample: { } sample } => SampledSpace.Parse(grid, sample, stored.Seed ?? 0),
            { Grid: { } grid } => GridSpace.Parse(grid),
            { Columns: { } columns, Rows: { } rows } => RowsSpace.FromColumns(columns, rows),
            _ => throw new JobSpecException("The stored job spec has no parameter space; resubmit the job"),
        };
        if (spec.ChunkSize < JobSpec.AutoChunkSize)
        {
            throw new JobSpecException($"The stored job spec has chunk size {spec.ChunkSize}; resubmit the job");
        }

        return new JobPlan(spec, space, CountChunks(space.Count, spec.ChunkSize), stored.ComputationVersion);
    }

    /// <summary>The whole job as a submission; chunks are made lazily as the backend enumerates them.</summary>
    public JobSubmission ToSubmission(string jobId) => ToSubmission(jobId, 0, 1);

    /// <summary>
    /// The static slice <paramref name="sliceIndex"/> of <paramref name="sliceCount"/>: only the contiguous block
    /// [I*T/N, (I+1)*T/N) of global indices, so N independent submissions together cover the job once.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The slice index is not in 0..<paramref name="sliceCount"/>-1.</exception>
    public JobSubmission ToSubmission(string jobId, int sliceIndex, int sliceCount)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(jobId);
        ArgumentOutOfRangeException.ThrowIfLessThan(sliceCount, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(sliceIndex);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(sliceIndex, sliceCount);
        var total = TotalParameters;
        var begin = (long)((Int128)total * sliceIndex / sliceCount);
        var end = (long)((Int128)total * (sliceIndex + 1) / sliceCount);
        return new JobSubmission
        {
            JobId = jobId,
            Name = Spec.Name ?? Spec.Computation!,
            Computation = Spec.Computation!,
            TotalParameters = end - begin,
            Lease = Spec.Lease,
            MaxAttempts = Spec.MaxAttempts,
            SpecJson = ToStoredJson(),
            ChunkCount = CountChunks(end - begin, Spec.ChunkSize),
            Chunks = EnumerateChunks(begin, end),
        };
    }

    /// <summary>Splits an exhausted chunk into two halves covering its range, each carrying its share of the rows.</summary>
    /// <exception cref="InvalidOperationException">The chunk has a single parameter and cannot be split.</exception>
    public IReadOnlyList<ChunkSpec> Split(ChunkLease lease)
    {
        ArgumentNullException.ThrowIfNull(lease);
        if (lease.Count < 2)
        {
            throw new InvalidOperationException($"Chunk {lease.ChunkId} of job {lease.JobId} has {lease.Count} parameter(s) and cannot be split; record its parameter as failed instead.");
        }

        var first = lease.Count / 2;
        var second = lease.Count - first;
        return
        [
            new ChunkSpec(lease.Start, first, Space.SlicePayload(lease.Payload, 0, first)),
            new ChunkSpec(lease.Start + first, second, Space.SlicePayload(lease.Payload, first, second)),
        ];
    }

    /// <summary>
    /// Splits a chunk so the parameter at <paramref name="offset"/> stands alone: up to three parts (before, the
    /// parameter, after) covering the chunk's range, each carrying its share of the rows. Used when one parameter is
    /// known to be at fault (it hung), so its neighbours need not share its fate.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The offset is outside the chunk.</exception>
    /// <exception cref="InvalidOperationException">The chunk has a single parameter and cannot be split.</exception>
    public IReadOnlyList<ChunkSpec> SplitAround(ChunkLease lease, int offset)
    {
        ArgumentNullException.ThrowIfNull(lease);
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(offset, lease.Count);
        if (lease.Count < 2)
        {
            throw new InvalidOperationException($"Chunk {lease.ChunkId} of job {lease.JobId} has one parameter and cannot be split; record it as failed instead.");
        }

        var parts = new List<ChunkSpec>(3);
        if (offset > 0)
        {
            parts.Add(new ChunkSpec(lease.Start, offset, Space.SlicePayload(lease.Payload, 0, offset)));
        }

        parts.Add(new ChunkSpec(lease.Start + offset, 1, Space.SlicePayload(lease.Payload, offset, 1)));
        var after = lease.Count - offset - 1;
        if (after > 0)
        {
            parts.Add(new ChunkSpec(lease.Start + offset + 1, after, Space.SlicePayload(lease.Payload, offset + 1, after)));
        }

        return parts;
    }

    private IEnumerable<ChunkSpec> EnumerateChunks(long begin, long end)
    {
        var start = begin;
        foreach (var count in Sizes(end - begin, Spec.ChunkSize))
        {
            yield return new ChunkSpec(start, count, Space.PayloadFor(start, count));
            start += count;
        }
    }

    private static IEnumerable<int> Sizes(long total, int chunkSize)
    {
        if (chunkSize == JobSpec.AutoChunkSize)
        {
            foreach (var size in ChunkSizing.Plan(total))
            {
                yield return size;
            }

            yield break;
        }

        for (var left = total; left > 0; left -= chunkSize)
        {
            yield return (int)Math.Min(chunkSize, left);
        }
    }

    private static int CountChunks(long total, int chunkSize)
    {
        var chunks = chunkSize == JobSpec.AutoChunkSize ? ChunkSizing.Count(total) : (total / chunkSize) + (total % chunkSize == 0 ? 0 : 1);
        return chunks <= int.MaxValue
            ? (int)chunks
            : throw JobSpecException.About($"{total} parameters at {SpecField.ChunkSize.Set(chunkSize.ToString(System.Globalization.CultureInfo.InvariantCulture))} make {chunks} chunks, more than {int.MaxValue}; pass a larger {SpecField.ChunkSize}");
    }
}
