using System.Collections.Frozen;
using System.Reflection;

namespace Ttg.Cli.Dashboard;

/// <summary>
/// The dashboard's pages, script and style, embedded in the assembly (the machines that run TTG may have no internet,
/// so nothing comes from a CDN). Only the files listed here are served; uPlot is vendored as published, with its licence.
/// </summary>
internal static class DashboardAssets
{
    private static readonly FrozenDictionary<string, string> ContentTypes = new Dictionary<string, string>
    {
        ["jobs.html"] = "text/html; charset=utf-8",
        ["job.html"] = "text/html; charset=utf-8",
        ["dashboard.css"] = "text/css; charset=utf-8",
        ["uPlot.iife.min.js"] = "text/javascript; charset=utf-8",
        ["uPlot.min.css"] = "text/css; charset=utf-8",
        ["uPlot.LICENSE"] = "text/plain; charset=utf-8",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    private static readonly FrozenDictionary<string, byte[]> Files = ContentTypes.Keys.ToFrozenDictionary(name => name, Read, StringComparer.Ordinal);

    /// <summary>The file and its content type, or null when <paramref name="name"/> is not one of the dashboard's files.</summary>
    public static (byte[] Content, string ContentType)? Find(string name) =>
        Files.TryGetValue(name, out var content) ? (content, ContentTypes[name]) : null;

    /// <summary>A page with <c>{{store}}</c> replaced by the store's description, HTML-encoded.</summary>
    public static string Page(string name, string store) =>
        System.Text.Encoding.UTF8.GetString(Files[name]).Replace("{{store}}", System.Net.WebUtility.HtmlEncode(store), StringComparison.Ordinal);

    private static byte[] Read(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream($"Ttg.Cli.Dashboard.assets.{name}")
            ?? throw new InvalidOperationException($"the dashboard's {name} is missing from the assembly");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
