using System.Text;

namespace Ttg.Bench;

/// <summary>The rows of docs/benchmarks.md: one per figure, with its target and whether it was met.</summary>
internal sealed class Report
{
    private readonly List<(string Scenario, string Figure, string Value, string Target, bool? Met)> _rows = [];
    private readonly List<string> _notes = [];

    public void Add(string scenario, string figure, IReadOnlyList<double> values, string format, string target = "", Func<double, bool>? met = null)
    {
        var value = Summary.Format(values, format);
        _rows.Add((scenario, figure, value, target, met is null || values.Count == 0 ? null : met(Summary.Median(values))));
        Console.WriteLine($"{scenario,-4} {figure,-60} {value,-32} {target}");
    }

    public void Note(string note)
    {
        _notes.Add(note);
        Console.WriteLine("note: " + note);
    }

    public string Markdown(string header, string footer)
    {
        var text = new StringBuilder(header);
        text.AppendLine("| scenario | figure | median (min–max) | target | met |");
        text.AppendLine("| --- | --- | --- | --- | --- |");
        foreach (var row in _rows)
        {
            var met = row.Met switch { true => "yes", false => "**no**", null => "" };
            text.AppendLine($"| {row.Scenario} | {row.Figure} | {row.Value} | {row.Target} | {met} |");
        }

        if (_notes.Count > 0)
        {
            text.AppendLine();
            foreach (var note in _notes)
            {
                text.AppendLine($"- {note}");
            }
        }

        text.Append(footer);
        return text.ToString();
    }
}
