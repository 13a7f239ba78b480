using Ttg.WorkQueue;

namespace Ttg.Cli.Rendering;

/// <summary>One refresh of a job's progress: the snapshot plus what the viewer derived from it.</summary>
internal sealed record ProgressFrame(JobProgress Progress, double Rate, TimeSpan? Eta, TimeSpan Elapsed, IReadOnlyList<string> Notes);
