using Ttg.Jobs;
using Ttg.Spaces;
using Ttg.WorkQueue;

namespace Ttg.Results;

/// <summary>
/// The first of an export's two passes: reads every stored outcome once to learn the result columns and the
/// type of every parameter column, so the second pass writes a schema that holds every row (a Parquet file no
/// longer takes its types from its first rows).
/// </summary>
internal sealed record ResultScan(ResultColumns Columns, IReadOnlyList<ValueKind> ParameterKinds)
{
    public static async Task<ResultScan> RunAsync(IJobStore store, IReadOnlyList<JobInfo> parts, JobPlan plan, CancellationToken cancellationToken)
    {
        var scanner = new ResultColumns.Scanner();
        var names = plan.Space.Names;
        var axes = (plan.Space as GridSpace)?.Axes;
        var kinds = new ValueKind?[names.Count];
        var known = new bool[names.Count];
        for (var i = 0; axes is not null && i < axes.Count; i++)
        {
            (kinds[i], known[i]) = axes[i].Kind switch
            {
                GridAxisKind.Linspace or GridAxisKind.Logspace => (ValueKind.Double, true),
                GridAxisKind.IntegerRange => (ValueKind.Int64, true),
                _ => (KindOf(axes[i]), true),
            };
        }

        var sampled = (plan.Space as SampledSpace)?.Axes;
        for (var i = 0; sampled is not null && i < sampled.Count; i++)
        {
            // Continuous axes are doubles; a discrete axis's values are scanned like any parameter column.
            (kinds[i], known[i]) = sampled[i].IsDiscrete ? ((ValueKind?)null, false) : (ValueKind.Double, true);
        }

        var scanParameters = known.Contains(false);
        foreach (var part in parts)
        {
            await foreach (var chunk in store.ReadResultsAsync(part.JobId, cancellationToken).ConfigureAwait(false))
            {
                var source = scanParameters ? plan.Space.SourceFor(chunk.Start, chunk.Payload) : null;
                foreach (var outcome in ResultCodec.Decode(chunk))
                {
                    if (outcome.Succeeded)
                    {
                        scanner.Add(outcome.Result);
                    }

                    for (var i = 0; source is not null && i < kinds.Length; i++)
                    {
                        if (!known[i])
                        {
                            kinds[i] = ResultColumns.Combine(kinds[i], source.GetValue(outcome.Index, i)).Kind;
                        }
                    }
                }
            }
        }

        return new ResultScan(scanner.ToColumns(), [.. kinds.Select(k => k ?? ValueKind.String)]);
    }

    private static ValueKind KindOf(GridAxis axis)
    {
        ValueKind? kind = null;
        for (var p = 0; p < axis.Count; p++)
        {
            kind = ResultColumns.Combine(kind, axis.ValueAt(p)).Kind;
        }

        return kind ?? ValueKind.String;
    }
}
