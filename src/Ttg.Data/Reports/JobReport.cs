using Ttg.Results;
using Ttg.WorkQueue;

namespace Ttg.Reports;

/// <summary>Everything a job report shows, gathered by <see cref="JobReportBuilder"/> in bounded memory.</summary>
public sealed record JobReport
{
    /// <summary>The job as the backend reports it.</summary>
    public required JobInfo Job { get; init; }

    /// <summary>The parameter space in words (<c>grid x=-2:2:201,y=-1:3:201</c>, <c>params 1000</c>, <c>input rows 12 (city, pop)</c>).</summary>
    public required string Space { get; init; }

    /// <summary>Which result counts as best.</summary>
    public required ResultGoal Goal { get; init; }

    /// <summary>Counts, min/mean/max, the best parameters and the first failures.</summary>
    public required ResultSummary Summary { get; init; }

    /// <summary>Distribution of the ranked field; null when no result has a finite number there.</summary>
    public Histogram? Histogram { get; init; }

    /// <summary>A histogram of every numeric result field that has a finite value, the ranked field (<see cref="ResultSummary.Metric"/>) first.</summary>
    public IReadOnlyList<KeyValuePair<string, Histogram>> Histograms { get; init; } = [];

    /// <summary>The result over the grid's first two numeric axes; null for other spaces.</summary>
    public Heatmap? Heatmap { get; init; }

    /// <summary>When the report was made.</summary>
    public required DateTimeOffset GeneratedAt { get; init; }
}
