using System.Text.RegularExpressions;

namespace Ttg.Deploy.Tests;

/// <summary>
/// The instructions of deploy/docker/Dockerfile as Docker reads them (continued lines joined, comments dropped),
/// with the build arguments filled in, so a test can copy what its COPY lines copy and run what its RUN line runs.
/// </summary>
internal sealed partial class DockerfileText
{
    private readonly List<(string Stage, string Keyword, string Text)> _instructions = [];
    private readonly Dictionary<string, string> _arguments;

    public DockerfileText(string text, IReadOnlyDictionary<string, string> buildArguments)
    {
        _arguments = new Dictionary<string, string>(buildArguments);
        var stage = "";
        foreach (var instruction in Join(text))
        {
            var space = instruction.IndexOf(' ');
            var keyword = instruction[..space].ToUpperInvariant();
            var rest = instruction[(space + 1)..].Trim();
            if (keyword == "FROM")
            {
                var alias = FromAlias().Match(rest);
                stage = alias.Success ? alias.Groups[1].Value : "";
            }
            else if (keyword == "ARG")
            {
                var equals = rest.IndexOf('=');
                var name = equals < 0 ? rest : rest[..equals];
                _arguments.TryAdd(name, equals < 0 ? "" : rest[(equals + 1)..]);
            }

            _instructions.Add((stage, keyword, rest));
        }
    }

    /// <summary>Every build argument: the given ones over the Dockerfile's defaults.</summary>
    public IReadOnlyDictionary<string, string> Arguments => _arguments;

    /// <summary>The (sources, destination) of every COPY from the build context (not from another stage).</summary>
    public IEnumerable<(IReadOnlyList<string> Sources, string Destination)> ContextCopies(string? stage = null) =>
        _instructions
            .Where(i => i.Keyword == "COPY" && (stage is null || i.Stage == stage))
            .Select(i => Expand(i.Text).Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(words => !words.Any(w => w.StartsWith("--from=", StringComparison.Ordinal)))
            .Select(words => words.Where(w => !w.StartsWith("--", StringComparison.Ordinal)).ToArray())
            .Select(words => ((IReadOnlyList<string>)words[..^1], words[^1]));

    /// <summary>The shell command of the stage's only RUN instruction.</summary>
    public string Run(string stage) => _instructions.Single(i => i.Stage == stage && i.Keyword == "RUN").Text;

    private string Expand(string words) =>
        ArgumentReference().Replace(words, m => _arguments.TryGetValue(m.Groups[1].Value, out var value) ? value : "");

    private static IEnumerable<string> Join(string text)
    {
        var current = "";
        foreach (var raw in text.Split('\n'))
        {
            // Docker drops comment and empty lines even inside a continued instruction, and joins the rest as they are.
            var line = raw.TrimEnd();
            if (line.Length == 0 || line.TrimStart().StartsWith('#'))
            {
                continue;
            }

            current += line.EndsWith('\\') ? line[..^1] : line;
            if (!line.EndsWith('\\'))
            {
                yield return current.Trim();
                current = "";
            }
        }
    }

    [GeneratedRegex(@"\bAS\s+(\S+)\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex FromAlias();

    [GeneratedRegex(@"\$\{(\w+)\}")]
    private static partial Regex ArgumentReference();
}
