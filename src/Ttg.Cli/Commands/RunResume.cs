using System.CommandLine;
using Ttg.Cli.Options;
using Ttg.Jobs;
using Ttg.Spaces;
using Ttg.WorkQueue;

namespace Ttg.Cli.Commands;

/// <summary>
/// <c>ttg run --resume JOB</c>: finds the stored job to continue and checks that nothing on the command line
/// contradicts it. The stored spec is the job; flags that describe a job are accepted only when they describe
/// this one (so re-running the original command with <c>--resume</c> added works).
/// </summary>
internal static class RunResume
{
    /// <summary>The stored job to continue.</summary>
    /// <exception cref="CliException">No such job, a paused job, or job flags that describe another job (exit 2).</exception>
    public static async Task<JobInfo> FindAsync(ITtgBackend store, string jobId, JobSpecOptions spec, ParseResult parse, ComputationRegistry registry, CancellationToken cancellationToken)
    {
        var job = await store.GetJobAsync(jobId, cancellationToken).ConfigureAwait(false)
            ?? throw new CliException($"--resume {jobId}: there is no job {jobId} in {store.Description}; `ttg jobs` lists the stored jobs (pass the same --store or --redis as the first run).", ExitCodes.BadInput);
        if (job.State == JobState.Paused)
        {
            throw new CliException($"--resume {jobId}: the job is paused; `ttg resume {jobId}` first, then run this again.", ExitCodes.BadInput);
        }

        if (DescribesJob(spec, parse) && !SameJob(JobPlan.Create(spec.Build(parse), registry, InputFileReader.Instance), job))
        {
            throw new CliException(
                $"--resume {jobId} continues job {jobId} as it was submitted ('{job.Computation}', {job.TotalParameters:N0} parameters), but the computation or space flags given describe another job; leave them out.",
                ExitCodes.BadInput);
        }

        return job;
    }

    private static bool DescribesJob(JobSpecOptions spec, ParseResult parse) =>
        parse.GetResult(spec.Computation) is { Tokens.Count: > 0 } ||
        new Option[] { spec.Params, spec.Grid, spec.Sample, spec.Seed, spec.Input, spec.Spec, spec.ChunkSize, spec.MaxAttempts, spec.Lease, spec.Timeout, spec.Args, spec.Name }.Concat(ContributedFlags.Of(parse))
            .Any(option => parse.GetResult(option) is { Tokens.Count: > 0 });

    // The computation's version is the program's, not something a flag describes: a rebuilt program may resume.
    private static bool SameJob(JobPlan plan, JobInfo job) =>
        string.Equals(WithoutVersion(plan.ToStoredJson()), WithoutVersion(job.SpecJson), StringComparison.Ordinal);

    private static string WithoutVersion(string specJson)
    {
        var node = System.Text.Json.Nodes.JsonNode.Parse(specJson)!.AsObject();
        node.Remove("computationVersion");
        return node.ToJsonString();
    }
}
