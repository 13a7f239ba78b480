using Ttg.Results;
using Ttg.WorkQueue;

namespace Ttg.Jobs.Reuse;

/// <summary>
/// A submission that reuses earlier results (<see cref="JobSpec.Reuse"/>): every planned chunk is cut into runs of
/// parameters with and without an earlier result; the first are submitted completed with copies of those results,
/// the second as chunks to compute, so workers compute only what is new.
/// </summary>
public sealed class ReusingSubmission
{
    private ReusingSubmission(JobSubmission submission, long reused, IReadOnlyList<string> sources)
    {
        Submission = submission;
        Reused = reused;
        Sources = sources;
    }

    /// <summary>What to submit.</summary>
    public JobSubmission Submission { get; }

    /// <summary>Parameters whose results were copied from earlier jobs.</summary>
    public long Reused { get; }

    /// <summary>Parameters left to compute.</summary>
    public long ToCompute => Submission.TotalParameters - Reused;

    /// <summary>The earlier jobs results were copied from.</summary>
    public IReadOnlyList<string> Sources { get; }

    /// <summary>Plans the whole job <paramref name="plan"/> under <paramref name="jobId"/>, reading <paramref name="store"/>'s earlier jobs.</summary>
    public static async Task<ReusingSubmission> CreateAsync(IJobStore store, JobPlan plan, string jobId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(plan);
        var earlier = await EarlierResults.ReadAsync(store, plan, cancellationToken).ConfigureAwait(false);
        var whole = plan.ToSubmission(jobId);
        var ordinals = Enumerable.Range(0, plan.Space.Names.Count).ToArray();
        var chunks = new List<ChunkSpec>();
        long reused = 0;
        foreach (var chunk in whole.Chunks)
        {
            var source = plan.Space.SourceFor(chunk.Start, chunk.Payload);
            var runStart = 0;
            var runKnown = false;
            var results = new List<Result>();
            for (var offset = 0; offset <= chunk.Count; offset++)
            {
                var known = false;
                var result = default(Result);
                if (offset < chunk.Count)
                {
                    known = earlier.TryGet(source, chunk.Start + offset, ordinals, out result);
                }

                if (offset == chunk.Count || (offset > runStart && known != runKnown))
                {
                    chunks.Add(Run(plan, chunk, runStart, offset - runStart, runKnown ? results : null));
                    reused += runKnown ? offset - runStart : 0;
                    results.Clear();
                    runStart = offset;
                }

                runKnown = known;
                if (known)
                {
                    results.Add(result);
                }
            }
        }

        return new ReusingSubmission(whole with { Chunks = chunks, ChunkCount = chunks.Count }, reused, earlier.Sources);
    }

    private static ChunkSpec Run(JobPlan plan, ChunkSpec chunk, int offset, int count, List<Result>? known)
    {
        var spec = new ChunkSpec(chunk.Start + offset, count, plan.Space.SlicePayload(chunk.Payload, offset, count));
        if (known is null)
        {
            return spec;
        }

        var builder = new ChunkResultBuilder(spec.Start, count);
        for (var i = 0; i < count; i++)
        {
            builder.SetResult(i, known[i]);
        }

        return spec with { Completed = builder.Build() };
    }
}
