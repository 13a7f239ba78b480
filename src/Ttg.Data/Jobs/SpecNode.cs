using System.Text.Json;
using YamlDotNet.RepresentationModel;

namespace Ttg.Jobs;

/// <summary>A spec file's content reduced to what specs use: scalars as text, lists of scalars, and maps; the same for YAML and JSON.</summary>
internal sealed record SpecNode(string? Text, IReadOnlyList<string>? List, IReadOnlyList<KeyValuePair<string, SpecNode>>? Map)
{
    public static SpecNode FromYaml(string text)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(text));
        return stream.Documents.Count == 0 ? new SpecNode(null, null, null) : FromYaml(stream.Documents[0].RootNode);
    }

    public static SpecNode FromJson(string text)
    {
        using var document = JsonDocument.Parse(text);
        return FromJson(document.RootElement);
    }

    private static SpecNode FromYaml(YamlNode node) => node switch
    {
        YamlMappingNode map => new SpecNode(null, null, [.. map.Children.Select(c => KeyValuePair.Create(((YamlScalarNode)c.Key).Value ?? string.Empty, FromYaml(c.Value)))]),
        YamlSequenceNode list => new SpecNode(null, [.. list.Children.Select(c => (c as YamlScalarNode)?.Value ?? c.ToString())], null),
        YamlScalarNode scalar => new SpecNode(IsNull(scalar) ? null : scalar.Value, null, null),
        _ => new SpecNode(node.ToString(), null, null),
    };

    private static bool IsNull(YamlScalarNode scalar) =>
        scalar.Style == YamlDotNet.Core.ScalarStyle.Plain && scalar.Value is null or "" or "~" or "null";

    private static SpecNode FromJson(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => new SpecNode(null, null, [.. element.EnumerateObject().Select(p => KeyValuePair.Create(p.Name, FromJson(p.Value)))]),
        JsonValueKind.Array => new SpecNode(null, [.. element.EnumerateArray().Select(e => e.ValueKind == JsonValueKind.String ? e.GetString()! : e.GetRawText())], null),
        JsonValueKind.String => new SpecNode(element.GetString(), null, null),
        JsonValueKind.Null or JsonValueKind.Undefined => new SpecNode(null, null, null),
        _ => new SpecNode(element.GetRawText(), null, null),
    };
}
