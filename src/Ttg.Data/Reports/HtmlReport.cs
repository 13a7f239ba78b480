using System.Security.Cryptography;
using System.Text;
using Ttg.Results;
using static Ttg.Reports.ReportText;

namespace Ttg.Reports;

/// <summary>
/// Renders a <see cref="JobReport"/> as one self-contained HTML page: inline CSS and SVG, no script, no
/// external font or image, so it opens anywhere and can be mailed or archived as one file.
/// </summary>
public static class HtmlReport
{
    /// <summary>How many failed parameters the table lists (the summary keeps at most <see cref="ResultSummary.MaxFailuresListed"/>).</summary>
    public const int FailuresShown = ResultSummary.MaxFailuresListed;

    /// <summary>The page's HTML.</summary>
    public static string Render(JobReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var job = report.Job;
        var summary = report.Summary;
        var html = new StringBuilder(64 * 1024);
        html.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"/>");
        html.Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>");
        html.Append(Inv, $"<title>TTG report · {Html(job.Name)} · {Html(job.JobId)}</title><style>{ReportStyle.Css}</style></head><body><main>");
        html.Append(Inv, $"<header><h1>{Html(job.Name)}</h1><span class=\"state {Html(job.State.ToString().ToLowerInvariant())}\">{Html(job.State.ToString().ToLowerInvariant())}</span>");
        html.Append(Inv, $"<p class=\"sub\">job <code>{Html(job.JobId)}</code> · computation <code>{Html(job.Computation)}</code> · {Html(report.Space)}</p></header>");
        WriteFacts(html, report);
        WriteSummary(html, report);
        foreach (var (field, histogram) in report.Histograms)
        {
            var ranked = field == summary.Metric ? " (the ranked field)" : string.Empty;
            html.Append(Inv, $"<section><h2>Distribution of {Html(field)}{ranked}</h2><p class=\"note\">{Count(histogram.Total)} finite values in {histogram.Counts.Count} bins.</p>");
            SvgHistogram.Write(html, histogram, field);
            html.Append("</section>");
        }

        if (report.Heatmap is { } map)
        {
            var how = report.Goal == ResultGoal.Minimize ? "min" : "max";
            html.Append(Inv, $"<section><h2>Result over {Html(map.X.Name)} × {Html(map.Y.Name)}</h2>");
            html.Append(Inv, $"<p class=\"note\">{map.XBins} × {map.YBins} cells over {Count(map.X.Count)} × {Count(map.Y.Count)} grid points; each cell shows the {how} over the points and other axes it covers. The circle marks the best parameters.</p>");
            SvgHeatmap.Write(html, map, summary.BestParameters);
            html.Append("</section>");
        }

        WriteFailures(html, summary);
        html.Append(Inv, $"<footer>Made by ttg report at {report.GeneratedAt.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC.</footer></main></body></html>\n");
        return html.ToString();
    }

    /// <summary>Writes the page to <paramref name="path"/> under a temporary name first, so a failure leaves no half file.</summary>
    public static async Task WriteFileAsync(JobReport report, string path, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var full = Path.GetFullPath(path);
        var temp = $"{full}.{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}.tmp";
        try
        {
            await File.WriteAllTextAsync(temp, Render(report), new UTF8Encoding(false), cancellationToken).ConfigureAwait(false);
            File.Move(temp, full, overwrite: true);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
    }

    private static void WriteFacts(StringBuilder html, JobReport report)
    {
        var job = report.Job;
        var summary = report.Summary;
        var end = job.FinishedAt ?? report.GeneratedAt;
        var elapsed = end - job.CreatedAt;
        var rate = elapsed.TotalSeconds > 0 ? summary.Count / elapsed.TotalSeconds : 0;
        html.Append("<section class=\"cards\">");
        Card(html, "parameters", Count(job.TotalParameters), $"{Count(job.ChunkCount)} chunks at submission");
        Card(html, "recorded", Count(summary.Count), job.TotalParameters > 0 ? $"{100.0 * summary.Count / job.TotalParameters:0.#}% of the job" : string.Empty);
        Card(html, "succeeded", Count(summary.Succeeded), string.Empty);
        Card(html, "failed", Count(summary.Failed), summary.Failed > 0 ? "see the table below" : "none", summary.Failed > 0 ? "bad" : null);
        Card(html, "elapsed", Duration(elapsed), job.FinishedAt is null ? "so far (still running)" : "submission to last result");
        Card(html, "throughput", rate >= 100 ? $"{Count((long)rate)}/s" : $"{rate.ToString("0.##", Inv)}/s", "parameters per second");
        html.Append("</section><table class=\"facts\">");
        Row(html, "created", $"{job.CreatedAt.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC");
        Row(html, "finished", job.FinishedAt is { } finished ? $"{finished.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC" : "–");
        Row(html, "lease · max attempts", $"{Duration(job.Lease)} · {job.MaxAttempts}");
        html.Append("</table>");
    }

    private static void WriteSummary(StringBuilder html, JobReport report)
    {
        var summary = report.Summary;
        html.Append("<section><h2>Summary</h2><table class=\"facts\">");
        Row(html, "min · mean · max", summary.Min is { } min ? $"{Number(min)} · {Number(summary.Mean!.Value)} · {Number(summary.Max!.Value)}" : "no numeric results");
        Row(html, "ranked field", summary.Metric ?? "none (no numeric field)");
        Row(html, "goal", report.Goal == ResultGoal.Minimize ? "minimise" : "maximise");
        if (summary.BestIndex is { } best)
        {
            var parameters = summary.BestParameters.Count == 0 ? string.Empty : " · " + string.Join(", ", summary.BestParameters.Select(p => $"{p.Key}={p.Value}"));
            Row(html, "best parameter", $"#{best.ToString(Inv)}{parameters}");
            Row(html, "best result", summary.BestResult?.ToString() ?? string.Empty);
        }

        html.Append("</table></section>");
    }

    private static void WriteFailures(StringBuilder html, ResultSummary summary)
    {
        html.Append(Inv, $"<section><h2>Failed parameters ({Count(summary.Failed)})</h2>");
        if (summary.Failed == 0)
        {
            html.Append("<p class=\"note\">None: every recorded parameter has a result.</p></section>");
            return;
        }

        html.Append("<table class=\"failures\"><thead><tr><th>#</th><th>failure</th><th>message</th><th>attempts</th></tr></thead><tbody>");
        foreach (var (index, failure) in summary.Failures.Take(FailuresShown))
        {
            var trace = failure.StackTrace is { } frames ? $"<details><summary>stack trace</summary><pre class=\"trace\">{Html(frames)}</pre></details>" : string.Empty;
            html.Append(Inv, $"<tr><td>{index}</td><td><code>{Html(failure.Kind)}</code></td><td>{Html(failure.Message)}{trace}</td><td>{failure.Attempts}</td></tr>");
        }

        html.Append("</tbody></table>");
        if (summary.Failed > summary.Failures.Count)
        {
            html.Append(Inv, $"<p class=\"note\">… and {Count(summary.Failed - summary.Failures.Count)} more; <code>ttg results JOB --out FILE</code> lists every one in its error column.</p>");
        }

        html.Append("</section>");
    }

    private static void Card(StringBuilder html, string label, string value, string note, string? css = null) =>
        html.Append(Inv, $"<div class=\"card {css}\"><div class=\"k\">{Html(label)}</div><div class=\"v\">{Html(value)}</div><div class=\"n\">{Html(note)}</div></div>");

    private static void Row(StringBuilder html, string label, string value) =>
        html.Append(Inv, $"<tr><th>{Html(label)}</th><td>{Html(value)}</td></tr>");

    private static string Duration(TimeSpan span) => span.TotalSeconds < 60
        ? $"{span.TotalSeconds.ToString("0.##", Inv)} s"
        : span.TotalHours < 1 ? $"{(int)span.TotalMinutes} min {span.Seconds} s" : $"{(int)span.TotalHours} h {span.Minutes} min";
}
