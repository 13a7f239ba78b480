using System.Text;
using static Ttg.Reports.ReportText;

namespace Ttg.Reports;

/// <summary>
/// Draws a <see cref="Heatmap"/>: the cells as one embedded PNG (pixelated, y growing upwards) inside an SVG with
/// axis ticks from the grid's values, a colour legend, and a marker on the best parameters.
/// </summary>
internal static class SvgHeatmap
{
    private const double Side = 560;
    private const double Left = 70;
    private const double Top = 16;
    private const double Bottom = 48;
    private const double LegendWidth = 18;
    private const double Width = Left + Side + 130;
    private const double Height = Top + Side + Bottom;

    public static void Write(StringBuilder html, Heatmap map, IReadOnlyList<KeyValuePair<string, Value>> best)
    {
        var scale = ScaleOf(map);
        html.Append(Inv, $"<svg class=\"chart heat\" viewBox=\"0 0 {Width} {Height}\" role=\"img\" aria-label=\"Heatmap over {Html(map.X.Name)} and {Html(map.Y.Name)}\">");
        if (scale is not null)
        {
            var png = Convert.ToBase64String(PngEncoder.Encode(map.XBins, map.YBins, Pixels(map, scale)));
            html.Append(Inv, $"<image x=\"{Left}\" y=\"{Top}\" width=\"{Side}\" height=\"{Side}\" preserveAspectRatio=\"none\" style=\"image-rendering:pixelated\" href=\"data:image/png;base64,{png}\"/>");
        }

        html.Append(Inv, $"<rect class=\"frame\" x=\"{Left}\" y=\"{Top}\" width=\"{Side}\" height=\"{Side}\"/>");
        WriteAxis(html, map.X, map.XBins, horizontal: true);
        WriteAxis(html, map.Y, map.YBins, horizontal: false);
        WriteBest(html, map, best);
        if (scale is not null)
        {
            WriteLegend(html, scale);
        }

        html.Append("</svg>");
    }

    /// <summary>The colour scale over the filled cells, or null when every cell is empty.</summary>
    internal static ColorScale? ScaleOf(Heatmap map)
    {
        double min = double.PositiveInfinity, max = double.NegativeInfinity;
        for (var r = 0; r < map.YBins; r++)
        {
            for (var c = 0; c < map.XBins; c++)
            {
                var v = map[c, r];
                (min, max) = double.IsNaN(v) ? (min, max) : (Math.Min(min, v), Math.Max(max, v));
            }
        }

        if (min > max)
        {
            return null;
        }

        var aboveMin = max;
        for (var r = 0; r < map.YBins; r++)
        {
            for (var c = 0; c < map.XBins; c++)
            {
                aboveMin = map[c, r] > min && map[c, r] < aboveMin ? map[c, r] : aboveMin;
            }
        }

        return new ColorScale(min, max, aboveMin);
    }

    /// <summary>RGB rows, top row first: the highest <see cref="Heatmap.Y"/> cell is drawn at the top. Empty cells are light grey.</summary>
    internal static byte[] Pixels(Heatmap map, ColorScale scale)
    {
        var rgb = new byte[map.XBins * map.YBins * 3];
        for (var r = 0; r < map.YBins; r++)
        {
            var offset = (map.YBins - 1 - r) * map.XBins * 3;
            for (var c = 0; c < map.XBins; c++)
            {
                var value = map[c, r];
                var (red, green, blue) = double.IsNaN(value) ? ((byte)0xee, (byte)0xee, (byte)0xee) : ColorScale.ColorAt(scale.Position(value));
                rgb[offset + (3 * c)] = red;
                rgb[offset + (3 * c) + 1] = green;
                rgb[offset + (3 * c) + 2] = blue;
            }
        }

        return rgb;
    }

    private static void WriteAxis(StringBuilder html, Spaces.GridAxis axis, int bins, bool horizontal)
    {
        foreach (var (at, label) in AxisTicks(axis, bins))
        {
            if (horizontal)
            {
                html.Append(Inv, $"<line class=\"axis\" x1=\"{Px(Left + at)}\" x2=\"{Px(Left + at)}\" y1=\"{Top + Side}\" y2=\"{Top + Side + 5}\"/>");
                html.Append(Inv, $"<text class=\"tick\" x=\"{Px(Left + at)}\" y=\"{Top + Side + 19}\" text-anchor=\"middle\">{label}</text>");
            }
            else
            {
                var y = Top + Side - at;
                html.Append(Inv, $"<line class=\"axis\" x1=\"{Left - 5}\" x2=\"{Left}\" y1=\"{Px(y)}\" y2=\"{Px(y)}\"/>");
                html.Append(Inv, $"<text class=\"tick\" x=\"{Left - 8}\" y=\"{Px(y + 4)}\" text-anchor=\"end\">{label}</text>");
            }
        }

        var name = Html(axis.Name);
        html.Append(horizontal
            ? string.Create(Inv, $"<text class=\"label\" x=\"{Left + (Side / 2)}\" y=\"{Height - 6}\" text-anchor=\"middle\">{name}</text>")
            : string.Create(Inv, $"<text class=\"label\" x=\"16\" y=\"{Top + (Side / 2)}\" text-anchor=\"middle\" transform=\"rotate(-90 16 {Top + (Side / 2)})\">{name}</text>"));
    }

    /// <summary>
    /// Tick offsets (0..Side from the axis start) and labels: round values on an evenly spaced axis, else the
    /// values of about six cells (a list's values need not be evenly spaced).
    /// </summary>
    internal static IEnumerable<(double At, string Label)> AxisTicks(Spaces.GridAxis axis, int bins)
    {
        if (axis.Kind != Spaces.GridAxisKind.List && axis.Count > 1)
        {
            var first = axis.ValueAt(0).AsDouble();
            var last = axis.ValueAt(axis.Count - 1).AsDouble();
            foreach (var tick in Ticks(Math.Min(first, last), Math.Max(first, last), 6))
            {
                if (axis.Kind == Spaces.GridAxisKind.IntegerRange && tick != Math.Floor(tick))
                {
                    continue;
                }

                var position = (tick - first) / (last - first) * (axis.Count - 1);
                yield return ((position + 0.5) / axis.Count * Side, Tick(tick));
            }

            yield break;
        }

        var step = Math.Max(1, (int)Math.Ceiling(bins / 6.0));
        for (var b = 0; b < bins; b += step)
        {
            var value = axis.ValueAt(Heatmap.PositionsOf(axis.Count, bins, b).First);
            yield return ((b + 0.5) / bins * Side, value.Kind == ValueKind.Double ? Tick(value.AsDouble()) : Html(value));
        }
    }

    private static void WriteBest(StringBuilder html, Heatmap map, IReadOnlyList<KeyValuePair<string, Value>> best)
    {
        var x = best.FirstOrDefault(p => p.Key == map.X.Name).Value;
        var y = best.FirstOrDefault(p => p.Key == map.Y.Name).Value;
        if (Position(map.X, x) is not { } px || Position(map.Y, y) is not { } py)
        {
            return;
        }

        var cx = Left + ((px * map.XBins / map.X.Count) + 0.5) / map.XBins * Side;
        var cy = Top + Side - (((py * map.YBins / map.Y.Count) + 0.5) / map.YBins * Side);
        html.Append(Inv, $"<circle class=\"best\" cx=\"{Px(cx)}\" cy=\"{Px(cy)}\" r=\"7\"><title>best: {Html(map.X.Name)}={Html(x)}, {Html(map.Y.Name)}={Html(y)}</title></circle>");
    }

    private static long? Position(Spaces.GridAxis axis, Value value)
    {
        for (long p = 0; p < axis.Count && !value.IsNull; p++)
        {
            if (axis.ValueAt(p) == value)
            {
                return p;
            }
        }

        return null;
    }

    private static void WriteLegend(StringBuilder html, ColorScale scale)
    {
        const int Stops = 16;
        var x = Left + Side + 24;
        html.Append(Inv, $"<defs><linearGradient id=\"legend\" x1=\"0\" y1=\"1\" x2=\"0\" y2=\"0\">");
        for (var i = 0; i <= Stops; i++)
        {
            var (r, g, b) = ColorScale.ColorAt((double)i / Stops);
            html.Append(Inv, $"<stop offset=\"{Px((double)i / Stops)}\" stop-color=\"#{r:x2}{g:x2}{b:x2}\"/>");
        }

        html.Append(Inv, $"</linearGradient></defs><rect class=\"frame\" x=\"{x}\" y=\"{Top}\" width=\"{LegendWidth}\" height=\"{Side}\" style=\"fill:url(#legend)\"/>");
        foreach (var t in new[] { 0, 0.25, 0.5, 0.75, 1 })
        {
            var y = Top + Side - (t * Side);
            html.Append(Inv, $"<text class=\"tick\" x=\"{x + LegendWidth + 6}\" y=\"{Px(y + 4)}\">{Tick(scale.ValueAt(t))}</text>");
        }

        html.Append(Inv, $"<text class=\"tick\" x=\"{x}\" y=\"{Top + Side + 19}\">{(scale.IsLog ? "log scale" : "linear")}</text>");
    }
}
