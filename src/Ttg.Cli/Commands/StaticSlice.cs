using System.CommandLine;
using Ttg.Cli.Options;
using Ttg.Jobs;
using Ttg.Spaces;
using Ttg.WorkQueue;

namespace Ttg.Cli.Commands;

/// <summary>
/// Static mode: every slice worker plans the same job from the same flags and stores its own block as a job of
/// its own (<c>NAME-slice-I-of-N</c>), so a restarted pod resumes its block and results are recorded as usual.
/// </summary>
internal static class StaticSlice
{
    public static async Task<string> PrepareAsync(ParseResult parse, WorkerFlags flags, JobSpecOptions spec, ITtgBackend store, CliServices services, CancellationToken cancellationToken)
    {
        var (index, count) = flags.Slice(parse);
        var plan = JobPlan.Create(spec.Build(parse, defaultComputation: "simulate"), services.Registry, InputFileReader.Instance);
        if (count > plan.TotalParameters)
        {
            throw new CliException($"--count {count} is more than the {plan.TotalParameters} parameters; use at most {plan.TotalParameters} slices.", ExitCodes.BadInput);
        }

        var name = flags.JobFilter(parse) ?? plan.Spec.Name ?? plan.Spec.Computation!;
        var jobId = SliceJobId(name, index, count);
        if (await store.GetJobAsync(jobId, cancellationToken).ConfigureAwait(false) is null)
        {
            try
            {
                await store.SubmitAsync(plan.ToSubmission(jobId, index, count), cancellationToken).ConfigureAwait(false);
            }
            catch (InvalidOperationException)
            {
                // Another run of this slice submitted it a moment ago: resume it, unless it is truly not there.
                if (await store.GetJobAsync(jobId, cancellationToken).ConfigureAwait(false) is null)
                {
                    throw;
                }
            }
        }

        return jobId;
    }

    public static string SliceJobId(string name, int index, int count) => $"{name}-slice-{index}-of-{count}";
}
