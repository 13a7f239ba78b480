using System.Globalization;

namespace Ttg.Testing;

/// <summary>
/// A scrape in the Prometheus text format, read just far enough for tests: each family's declared type and
/// every sample's name, labels (as written) and value.
/// </summary>
public sealed class PrometheusText
{
    private PrometheusText(IReadOnlyList<(string Name, string Type)> families, IReadOnlyList<(string Name, string Labels, double Value)> samples)
    {
        Families = families;
        Samples = samples;
    }

    /// <summary>Every <c># TYPE</c> line, in order: a name written twice appears twice.</summary>
    public IReadOnlyList<(string Name, string Type)> Families { get; }

    /// <summary>Every sample line.</summary>
    public IReadOnlyList<(string Name, string Labels, double Value)> Samples { get; }

    /// <summary>Parses a scrape.</summary>
    public static PrometheusText Parse(string text)
    {
        var families = new List<(string, string)>();
        var samples = new List<(string, string, double)>();
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (line.StartsWith("# TYPE ", StringComparison.Ordinal))
            {
                var parts = line.Split(' ');
                families.Add((parts[2], parts[3]));
            }
            else if (!line.StartsWith('#'))
            {
                var brace = line.IndexOf('{', StringComparison.Ordinal);
                var space = line.LastIndexOf(' ');
                var name = brace >= 0 ? line[..brace] : line[..line.IndexOf(' ', StringComparison.Ordinal)];
                var labels = brace >= 0 ? line[(brace + 1)..line.LastIndexOf('}')] : "";
                var value = line[(space + 1)..];
                samples.Add((name, labels, value == "+Inf" ? double.PositiveInfinity : double.Parse(value, CultureInfo.InvariantCulture)));
            }
        }

        return new PrometheusText(families, samples);
    }

    /// <summary>The one sample of <paramref name="name"/> whose labels contain <paramref name="labelFilter"/>; throws when there is not exactly one.</summary>
    public double Value(string name, string labelFilter = "") =>
        Samples.Single(s => s.Name == name && s.Labels.Contains(labelFilter, StringComparison.Ordinal)).Value;
}
