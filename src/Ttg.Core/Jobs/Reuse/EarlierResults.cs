using System.Globalization;
using System.Text;
using Ttg.Results;
using Ttg.WorkQueue;

namespace Ttg.Jobs.Reuse;

/// <summary>
/// The successful results of earlier jobs in a store that a new job may reuse, keyed by parameter values: jobs of
/// the same computation, computation version, command, arguments and parameter names. Newer jobs win a tie.
/// </summary>
internal sealed class EarlierResults
{
    private readonly Dictionary<string, Result> _byValues = new(StringComparer.Ordinal);
    private readonly List<string> _sources = [];

    /// <summary>The jobs whose results were read, newest first.</summary>
    public IReadOnlyList<string> Sources => _sources;

    /// <summary>Reads every matching job of <paramref name="store"/> for <paramref name="plan"/>.</summary>
    public static async Task<EarlierResults> ReadAsync(IJobStore store, JobPlan plan, CancellationToken cancellationToken)
    {
        var found = new EarlierResults();
        if (plan.ComputationVersion is null)
        {
            return found;
        }

        var names = plan.Space.Names;
        foreach (var job in await store.ListJobsAsync(cancellationToken).ConfigureAwait(false))
        {
            if (job.Computation != plan.Spec.Computation || Matching(job, plan) is not { } earlier)
            {
                continue;
            }

            var ordinals = names.Select(n => IndexOf(earlier.Space.Names, n)).ToArray();
            var before = found._byValues.Count;
            await foreach (var chunk in store.ReadResultsAsync(job.JobId, cancellationToken).ConfigureAwait(false))
            {
                var source = earlier.Space.SourceFor(chunk.Start, chunk.Payload);
                foreach (var outcome in ResultCodec.Decode(chunk))
                {
                    if (outcome.Succeeded)
                    {
                        found._byValues.TryAdd(Key(source, outcome.Index, ordinals), outcome.Result);
                    }
                }
            }

            if (found._byValues.Count > before)
            {
                found._sources.Add(job.JobId);
            }
        }

        return found;
    }

    /// <summary>The earlier result of the parameter with these values, if any.</summary>
    public bool TryGet(IParameterSource? source, long index, int[] ordinals, out Result result) =>
        _byValues.TryGetValue(Key(source, index, ordinals), out result);

    /// <summary>The key of a parameter: its values in the new job's name order, each tagged with its kind; a plain range's index.</summary>
    internal static string Key(IParameterSource? source, long index, int[] ordinals)
    {
        if (source is null || ordinals.Length == 0)
        {
            return index.ToString(CultureInfo.InvariantCulture);
        }

        var key = new StringBuilder();
        foreach (var ordinal in ordinals)
        {
            var value = source.GetValue(index, ordinal);
            key.Append((char)('a' + (int)value.Kind)).Append(value.ToString()).Append('\u001f');
        }

        return key.ToString();
    }

    private static JobPlan? Matching(JobInfo job, JobPlan plan)
    {
        JobPlan earlier;
        try
        {
            earlier = JobPlan.FromStoredJson(job.SpecJson);
        }
        catch (JobSpecException)
        {
            return null; // a job of another TTG version: its results cannot be trusted to mean the same
        }

        var same = earlier.ComputationVersion == plan.ComputationVersion
            && earlier.Spec.Command == plan.Spec.Command
            && earlier.Spec.Serve == plan.Spec.Serve
            && SameArguments(earlier.Arguments, plan.Arguments)
            && earlier.Space.Names.Count == plan.Space.Names.Count
            && plan.Space.Names.All(n => earlier.Space.Names.Contains(n));
        return same ? earlier : null;
    }

    private static bool SameArguments(JobArguments a, JobArguments b) =>
        a.Values.Count == b.Values.Count && a.Values.All(p => b.Get(p.Key) == p.Value);

    private static int IndexOf(IReadOnlyList<string> names, string name)
    {
        for (var i = 0; i < names.Count; i++)
        {
            if (names[i] == name)
            {
                return i;
            }
        }

        return -1;
    }
}
