using System.Text;
using static Ttg.Reports.ReportText;

namespace Ttg.Reports;

/// <summary>Draws a <see cref="Histogram"/> as an inline SVG bar chart with value and count axes.</summary>
internal static class SvgHistogram
{
    private const double Width = 960;
    private const double Height = 300;
    private const double Left = 70;
    private const double Right = 20;
    private const double Top = 16;
    private const double Bottom = 44;

    public static void Write(StringBuilder html, Histogram histogram, string valueLabel)
    {
        var plotWidth = Width - Left - Right;
        var plotHeight = Height - Top - Bottom;
        var most = Math.Max(1, histogram.Counts.Max());
        html.Append(Inv, $"<svg class=\"chart\" viewBox=\"0 0 {Width} {Height}\" role=\"img\" aria-label=\"Histogram of {Html(valueLabel)}\">");
        foreach (var tick in Ticks(0, most, 4).Where(t => t == Math.Floor(t)))
        {
            var y = Top + plotHeight - (tick / most * plotHeight);
            html.Append(Inv, $"<line class=\"grid\" x1=\"{Left}\" x2=\"{Width - Right}\" y1=\"{Px(y)}\" y2=\"{Px(y)}\"/>");
            html.Append(Inv, $"<text class=\"tick\" x=\"{Left - 8}\" y=\"{Px(y + 4)}\" text-anchor=\"end\">{Count((long)tick)}</text>");
        }

        var bins = histogram.Counts.Count;
        var barWidth = plotWidth / bins;
        for (var b = 0; b < bins; b++)
        {
            var count = histogram.Counts[b];
            var height = count == 0 ? 0 : Math.Max(1, count * plotHeight / most);
            var low = histogram.Min + (b * histogram.BinWidth);
            html.Append(Inv, $"<rect class=\"bar\" x=\"{Px(Left + (b * barWidth) + 0.5)}\" y=\"{Px(Top + plotHeight - height)}\" width=\"{Px(Math.Max(barWidth - 1, 0.5))}\" height=\"{Px(height)}\">");
            html.Append(Inv, $"<title>{Number(low)} – {Number(low + histogram.BinWidth)}: {Count(count)}</title></rect>");
        }

        var axisY = Top + plotHeight;
        html.Append(Inv, $"<line class=\"axis\" x1=\"{Left}\" x2=\"{Width - Right}\" y1=\"{axisY}\" y2=\"{axisY}\"/>");
        foreach (var tick in Ticks(histogram.Min, histogram.Max, 6))
        {
            var x = histogram.Max > histogram.Min ? Left + ((tick - histogram.Min) / (histogram.Max - histogram.Min) * plotWidth) : Left + (plotWidth / 2);
            html.Append(Inv, $"<line class=\"axis\" x1=\"{Px(x)}\" x2=\"{Px(x)}\" y1=\"{axisY}\" y2=\"{axisY + 5}\"/>");
            html.Append(Inv, $"<text class=\"tick\" x=\"{Px(x)}\" y=\"{axisY + 19}\" text-anchor=\"middle\">{Tick(tick)}</text>");
        }

        html.Append(Inv, $"<text class=\"label\" x=\"{Left + (plotWidth / 2)}\" y=\"{Height - 4}\" text-anchor=\"middle\">{Html(valueLabel)}</text>");
        html.Append(Inv, $"<text class=\"label\" x=\"14\" y=\"{Top + (plotHeight / 2)}\" text-anchor=\"middle\" transform=\"rotate(-90 14 {Top + (plotHeight / 2)})\">parameters</text>");
        html.Append("</svg>");
    }
}
