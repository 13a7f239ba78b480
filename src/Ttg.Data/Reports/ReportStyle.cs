namespace Ttg.Reports;

/// <summary>The report's stylesheet: system fonts only, so the page needs nothing from the network.</summary>
internal static class ReportStyle
{
    public const string Css = """
        :root { --ink: #1f2328; --muted: #656d76; --line: #d0d7de; --bg: #f6f8fa; --accent: #3b518b; --bad: #cf222e; }
        * { box-sizing: border-box; }
        body { margin: 0; background: var(--bg); color: var(--ink); font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
        main { max-width: 1040px; margin: 0 auto; padding: 28px 24px 40px; }
        header { display: flex; flex-wrap: wrap; align-items: baseline; gap: 4px 14px; margin-bottom: 18px; }
        h1 { margin: 0; font-size: 28px; }
        h2 { margin: 0 0 6px; font-size: 18px; }
        .sub { flex-basis: 100%; margin: 0; color: var(--muted); }
        code { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; font-size: 0.92em; }
        .state { padding: 1px 10px; border-radius: 999px; font-size: 13px; font-weight: 600; background: #ddf4ff; color: #0969da; }
        .state.completed { background: #dafbe1; color: #1a7f37; }
        .state.cancelled { background: #fff1e5; color: #bc4c00; }
        section { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 16px 18px; margin: 14px 0; }
        section.cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(150px, 1fr)); gap: 12px; background: none; border: 0; padding: 0; }
        .card { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 10px 14px; }
        .card .k { color: var(--muted); font-size: 12px; text-transform: uppercase; letter-spacing: 0.04em; }
        .card .v { font-size: 24px; font-weight: 600; font-variant-numeric: tabular-nums; }
        .card .n { color: var(--muted); font-size: 12px; min-height: 1.5em; }
        .card.bad .v { color: var(--bad); }
        table { border-collapse: collapse; width: 100%; }
        table.facts th { width: 200px; text-align: left; font-weight: 500; color: var(--muted); }
        th, td { padding: 4px 8px; border-bottom: 1px solid #eaeef2; text-align: left; vertical-align: top; font-variant-numeric: tabular-nums; }
        table.failures td:first-child, table.failures td:last-child { text-align: right; }
        .note { color: var(--muted); margin: 0 0 8px; font-size: 14px; }
        svg.chart { width: 100%; height: auto; display: block; }
        svg.heat { max-width: 760px; }
        svg .bar { fill: var(--accent); }
        svg .bar:hover { fill: #21908d; }
        svg .grid { stroke: #eaeef2; }
        svg .axis { stroke: #8c959f; }
        svg .frame { fill: none; stroke: #8c959f; }
        svg .best { fill: none; stroke: #cf222e; stroke-width: 2.5; }
        svg .tick { font-size: 12px; fill: var(--muted); }
        svg .label { font-size: 13px; fill: var(--ink); }
        footer { color: var(--muted); font-size: 12px; margin-top: 18px; }
        """;
}
