using System.Runtime.CompilerServices;
using Ttg.Jobs;
using Ttg.WorkQueue;

namespace Ttg.Results;

/// <summary>
/// The read model of a job's stored results. <see cref="ReadAsync(IJobStore, IReadOnlyList{JobInfo}, CancellationToken)"/>
/// reads every stored chunk once and decodes it once, learning the columns and their types and the statistics of
/// every numeric field; the summary of any field for either goal (<see cref="Summarize"/>), the export
/// (<see cref="ExportAsync(Stream, ExportFormat, CancellationToken)"/>) and the report
/// (<c>JobReportBuilder</c>) are served from it. Up to <see cref="MaxKeptOutcomes"/> decoded outcomes are kept, so
/// exporting or reporting such a job reads nothing again; a larger job keeps none, and each later export or report
/// reads and decodes it once more, one chunk at a time, so memory stays bounded whatever the job's size.
/// </summary>
public sealed partial class JobResults
{
    /// <summary>
    /// The most decoded outcomes kept after the first pass: 524,288, about 30 MB of numeric results (56 bytes each; a
    /// record of two or three fields costs about three times that).
    /// </summary>
    public const int MaxKeptOutcomes = 1 << 19;

    private readonly IJobStore _store;
    private readonly IReadOnlyList<DecodedChunk>? _kept;
    private readonly ResultTally _tally;

    private JobResults(IJobStore store, IReadOnlyList<JobInfo> parts, JobPlan plan, ResultTally tally, IReadOnlyList<DecodedChunk>? kept)
    {
        _store = store;
        _tally = tally;
        _kept = kept;
        Parts = parts;
        Plan = plan;
        Columns = tally.Columns;
        ParameterKinds = tally.ParameterKinds;
    }

    /// <summary>The jobs read (one job, or the slices of a static run in slice order).</summary>
    public IReadOnlyList<JobInfo> Parts { get; }

    /// <summary>The plan rebuilt from the first job's stored spec: its parameter space names the parameter columns.</summary>
    public JobPlan Plan { get; }

    /// <summary>Parameters with a stored outcome when the results were read.</summary>
    public long Count => _tally.Count;

    /// <summary>Result columns: the union of every field any result has, in first-seen order (<c>result</c> for scalars).</summary>
    public IReadOnlyList<string> Fields => Columns.Names;

    /// <summary>True when the decoded outcomes are kept in memory (at most <see cref="MaxKeptOutcomes"/>), so exports and reports read the store no more.</summary>
    public bool IsKept => _kept is not null;

    internal ResultColumns Columns { get; }

    internal IReadOnlyList<ValueKind> ParameterKinds { get; }

    /// <summary>Reads and decodes the stored results of <paramref name="job"/> once.</summary>
    /// <exception cref="JobSpecException">The stored spec cannot be read by this version.</exception>
    public static Task<JobResults> ReadAsync(IJobStore store, JobInfo job, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(job);
        return ReadAsync(store, [job], cancellationToken);
    }

    /// <summary>Reads and decodes, once, the results of several jobs over one parameter space (a static run's slices, in slice order).</summary>
    /// <exception cref="JobSpecException">The stored spec cannot be read by this version.</exception>
    public static async Task<JobResults> ReadAsync(IJobStore store, IReadOnlyList<JobInfo> parts, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(parts);
        ArgumentOutOfRangeException.ThrowIfZero(parts.Count);
        var plan = JobPlan.FromStoredJson(parts[0].SpecJson);
        var tally = new ResultTally(plan);
        List<DecodedChunk>? kept = [];
        foreach (var part in parts)
        {
            await foreach (var stored in store.ReadResultsAsync(part.JobId, cancellationToken).ConfigureAwait(false))
            {
                var chunk = DecodedChunk.Of(plan, stored);
                tally.Add(chunk);
                kept?.Add(chunk);
                if (tally.Count > MaxKeptOutcomes)
                {
                    kept = null; // too large to keep: later passes read the store again
                }
            }
        }

        return new JobResults(store, parts, plan, tally, kept);
    }

    /// <summary>
    /// Counts, min, mean and max of the ranked field, the best parameter for <paramref name="goal"/> and the first
    /// failures; no store is read. <paramref name="metric"/> names the ranked field (default: <c>result</c> or
    /// <c>value</c> when numeric, else the first numeric field).
    /// </summary>
    /// <exception cref="JobSpecException"><paramref name="metric"/> is not a numeric field of the job.</exception>
    public ResultSummary Summarize(ResultGoal goal = ResultGoal.Minimize, string? metric = null)
    {
        var column = Columns.Metric(metric);
        var statistics = column >= 0 && _tally.Fields.TryGetValue(Columns.Names[column], out var found) && found.Numbers > 0 ? found : null;
        var best = statistics?.BestFor(goal);
        var bestParameters = new List<KeyValuePair<string, Value>>();
        if (best is { Source: { } source })
        {
            for (var i = 0; i < source.Names.Count; i++)
            {
                bestParameters.Add(KeyValuePair.Create(source.Names[i], source.GetValue(best.Index, i)));
            }
        }

        return new ResultSummary(_tally.Count, _tally.Succeeded, _tally.Count - _tally.Succeeded, statistics?.Min, statistics is null ? null : statistics.Sum / statistics.Numbers,
            statistics?.Max, best?.Index, bestParameters, best?.Result, _tally.Failures)
        {
            Metric = column >= 0 ? Columns.Names[column] : null,
            MixedColumns = Columns.Mixed,
        };
    }

    /// <summary>The finite range of a numeric field (what a histogram's bins span), or null when it has no finite number.</summary>
    internal (double Min, double Max)? FiniteRangeOf(string field) => _tally.Fields.TryGetValue(field, out var statistics) ? statistics.FiniteRange : null;

    /// <summary>The decoded chunks again: the kept ones, or else each read from the store and decoded once more.</summary>
    internal async IAsyncEnumerable<DecodedChunk> ChunksAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (_kept is not null)
        {
            foreach (var chunk in _kept)
            {
                cancellationToken.ThrowIfCancellationRequested();
                yield return chunk;
            }

            yield break;
        }

        foreach (var part in Parts)
        {
            await foreach (var stored in _store.ReadResultsAsync(part.JobId, cancellationToken).ConfigureAwait(false))
            {
                yield return DecodedChunk.Of(Plan, stored);
            }
        }
    }
}
