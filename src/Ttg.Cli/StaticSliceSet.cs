using System.Globalization;
using System.Text.RegularExpressions;
using Ttg.WorkQueue;

namespace Ttg.Cli;

/// <summary>
/// The slices of one static run (<c>NAME-slice-I-of-N</c>), found by the run's name so its results can be read
/// as one job: slices in slice order cover the parameter space in index order.
/// </summary>
/// <param name="Name">The run's name, as given to <c>--job</c>.</param>
/// <param name="Count">N, the number of slices the run was cut into.</param>
/// <param name="Parts">The slices stored so far, in slice order.</param>
/// <param name="Missing">Slice indices no worker has started yet.</param>
internal sealed partial record StaticSliceSet(string Name, int Count, IReadOnlyList<JobInfo> Parts, IReadOnlyList<int> Missing)
{
    /// <summary>The slices stored under <paramref name="name"/>, or null when there are none.</summary>
    /// <exception cref="CliException">Slices of the name exist for different slice counts.</exception>
    public static async Task<StaticSliceSet?> FindAsync(IJobStore store, string name, CancellationToken cancellationToken)
    {
        var slices = new List<(int Index, int Count, JobInfo Job)>();
        foreach (var job in await store.ListJobsAsync(cancellationToken).ConfigureAwait(false))
        {
            if (job.JobId.StartsWith(name + "-slice-", StringComparison.Ordinal) && SliceSuffix().Match(job.JobId[name.Length..]) is { Success: true } m)
            {
                slices.Add((int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture), job));
            }
        }

        if (slices.Count == 0)
        {
            return null;
        }

        var counts = slices.Select(s => s.Count).Distinct().Order().ToList();
        if (counts.Count > 1)
        {
            throw new CliException($"The static run {name} was sliced in different ways ({string.Join(", ", counts.Select(c => $"{c} slices"))}); read one slice at a time, e.g. ttg results {slices[0].Job.JobId}, or delete the stale slices.", ExitCodes.BadInput);
        }

        var count = counts[0];
        var present = slices.Select(s => s.Index).ToHashSet();
        return new StaticSliceSet(
            name,
            count,
            [.. slices.OrderBy(s => s.Index).Select(s => s.Job)],
            [.. Enumerable.Range(0, count).Where(i => !present.Contains(i))]);
    }

    [GeneratedRegex(@"^-slice-(\d+)-of-(\d+)$", RegexOptions.CultureInvariant)]
    private static partial Regex SliceSuffix();
}
