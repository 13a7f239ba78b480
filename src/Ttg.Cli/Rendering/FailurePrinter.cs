using System.Globalization;
using Ttg.Results;
using Ttg.WorkQueue;

namespace Ttg.Cli.Rendering;

/// <summary><c>ttg results JOB --failed</c>: every failed parameter with its evidence (type, message, attempts, stack trace).</summary>
internal static class FailurePrinter
{
    /// <summary>Prints each failure of <paramref name="parts"/> in index order; returns how many there were.</summary>
    public static async Task<long> PrintAsync(TextWriter output, IJobStore store, IReadOnlyList<JobInfo> parts, CancellationToken cancellationToken)
    {
        long failed = 0;
        foreach (var part in parts)
        {
            await foreach (var chunk in store.ReadResultsAsync(part.JobId, cancellationToken).ConfigureAwait(false))
            {
                foreach (var outcome in ResultCodec.Decode(chunk))
                {
                    if (outcome.Failure is not { } failure)
                    {
                        continue;
                    }

                    failed++;
                    output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"#{outcome.Index}: {failure}"));
                    foreach (var line in (failure.StackTrace ?? "(no stack trace recorded)").Split('\n'))
                    {
                        output.WriteLine($"    {line.TrimEnd('\r')}");
                    }
                }
            }
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{failed:N0} failed parameters"));
        return failed;
    }
}
