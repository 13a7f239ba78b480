using Ttg.WorkQueue;

namespace Ttg.Cli.Rendering;

/// <summary>The status line about a job's speculative copies; none until a chunk was copied.</summary>
internal static class SpeculationText
{
    public static string? Line(JobProgress progress)
    {
        var s = progress.Speculation;
        if (s.Copies == 0)
        {
            return null;
        }

        var share = progress.Job.TotalParameters == 0 ? 0 : 100.0 * s.CopiedParameters / progress.Job.TotalParameters;
        return $"speculation: {s.Copies:N0} straggling chunks copied, {s.Won:N0} won, {s.Wasted:N0} wasted ({s.CopiedParameters:N0} parameters, {share:F1}% of the job, computed twice at most)";
    }
}
