using System.Globalization;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Ttg.Cli.Rendering;

/// <summary>Turns a frame into a live view (terminal) or one plain line (pipes, logs, CI).</summary>
internal static class ProgressText
{
    private const int BarWidth = 40;

    public static string PlainLine(ProgressFrame frame)
    {
        var p = frame.Progress;
        var workers = string.Join(" ", p.ParametersByWorker.OrderBy(w => w.Key, StringComparer.Ordinal).Select(w => $"{w.Key}={w.Value}"));
        return string.Create(CultureInfo.InvariantCulture,
            $"progress {p.Fraction * 100,5:F1}% {p.Done:N0}/{p.Job.TotalParameters:N0} | {frame.Estimate.RateText} | ETA {frame.Estimate.EtaText} | failed {p.Failed:N0} | reclaimed {p.ReclaimedChunks:N0} | leased {p.LeasedChunks:N0} pending {p.PendingChunks:N0} | {workers}");
    }

    public static IRenderable Live(ProgressFrame frame)
    {
        var p = frame.Progress;
        var filled = (int)Math.Round(p.Fraction * BarWidth);
        var bar = $"[green]{new string('━', filled)}[/][grey]{new string('━', BarWidth - filled)}[/]";
        var rows = new List<IRenderable>
        {
            new Markup($"[bold]{Markup.Escape(p.Job.JobId)}[/] ({Markup.Escape(p.Job.Computation)}) on {p.Job.TotalParameters:N0} parameters"),
            new Markup(string.Create(CultureInfo.InvariantCulture, $"{bar} [bold]{p.Fraction * 100,5:F1}%[/]  {p.Done:N0}/{p.Job.TotalParameters:N0}")),
            new Markup(string.Create(CultureInfo.InvariantCulture,
                $"{Markup.Escape(frame.Estimate.RateText)} · elapsed {Eta(frame.Elapsed)} · ETA {Markup.Escape(frame.Estimate.EtaText)} · failed [{(p.Failed > 0 ? "red" : "green")}]{p.Failed:N0}[/] · reclaimed {p.ReclaimedChunks:N0} · chunks leased {p.LeasedChunks:N0} pending {p.PendingChunks:N0} done {p.CompletedChunks:N0}")),
        };
        if (p.ParametersByWorker.Count > 0)
        {
            var table = new Table().Border(TableBorder.Simple).AddColumns("worker", "parameters");
            foreach (var (worker, count) in p.ParametersByWorker.OrderBy(w => w.Key, StringComparer.Ordinal))
            {
                table.AddRow(Markup.Escape(worker), count.ToString("N0", CultureInfo.InvariantCulture));
            }

            rows.Add(table);
        }

        rows.AddRange(frame.Notes.Select(n => new Markup($"[yellow]{Markup.Escape(n)}[/]")));
        return new Rows(rows);
    }

    public static string Eta(TimeSpan? span) => span is not { } s
        ? "--:--"
        : s.TotalHours >= 1 ? s.ToString(@"h\:mm\:ss", CultureInfo.InvariantCulture) : s.ToString(@"mm\:ss", CultureInfo.InvariantCulture);
}
