using Spectre.Console;

namespace Ttg.Cli.Rendering;

/// <summary>
/// A table for a person on a terminal (boxed, fitted to the window) and plain aligned lines otherwise, one row
/// per line however long, so <c>ttg jobs | grep</c> and <c>awk '{print $1}'</c> see whole ids.
/// </summary>
internal static class TableOutput
{
    public static void Write(TextWriter writer, IReadOnlyList<string> headers, IReadOnlyList<string[]> rows)
    {
        if (Consoles.IsTerminal(writer))
        {
            var table = new Table().AddColumns([.. headers.Select(Markup.Escape)]);
            foreach (var row in rows)
            {
                table.AddRow([.. row.Select(Markup.Escape)]);
            }

            Consoles.For(writer).Write(table);
            return;
        }

        var widths = headers.Select((h, i) => rows.Select(r => r[i].Length).Append(h.Length).Max()).ToArray();
        WriteLine(writer, headers, widths);
        foreach (var row in rows)
        {
            WriteLine(writer, row, widths);
        }
    }

    private static void WriteLine(TextWriter writer, IReadOnlyList<string> cells, int[] widths)
    {
        // Cells are separated by two spaces; the last is not padded, so lines carry no trailing blanks.
        var line = string.Join("  ", cells.Select((c, i) => i == cells.Count - 1 ? c : c.PadRight(widths[i])));
        writer.WriteLine(line);
    }
}
