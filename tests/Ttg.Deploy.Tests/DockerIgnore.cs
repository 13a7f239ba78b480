using System.Text;
using System.Text.RegularExpressions;

namespace Ttg.Deploy.Tests;

/// <summary>
/// The rules of a <c>.dockerignore</c> file, so a test can tell which files of the repository reach the image's build
/// context: the last matching line wins, <c>!</c> lines take files back, a line that matches a folder leaves out
/// everything under it, <c>*</c> and <c>?</c> stay inside one path segment and <c>**</c> spans any number of them.
/// </summary>
internal sealed class DockerIgnore
{
    private readonly IReadOnlyList<(Regex Pattern, bool TakesBack)> _rules;

    private DockerIgnore(IReadOnlyList<(Regex, bool)> rules) => _rules = rules;

    public static DockerIgnore Load(string contextRoot)
    {
        var file = Path.Combine(contextRoot, ".dockerignore");
        return Parse(File.Exists(file) ? File.ReadAllLines(file) : []);
    }

    public static DockerIgnore Parse(IEnumerable<string> lines)
    {
        var rules = new List<(Regex, bool)>();
        foreach (var raw in lines)
        {
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var takesBack = line.StartsWith('!');
            var pattern = (takesBack ? line[1..] : line).Trim().Trim('/');
            if (pattern.Length > 0)
            {
                rules.Add((ToRegex(pattern), takesBack));
            }
        }

        return new DockerIgnore(rules);
    }

    /// <summary>Whether the file or folder at <paramref name="relativePath"/> (forward slashes) stays out of the context.</summary>
    public bool LeavesOut(string relativePath)
    {
        var excluded = false;
        foreach (var (pattern, takesBack) in _rules)
        {
            if (MatchesItselfOrAFolderAbove(pattern, relativePath))
            {
                excluded = !takesBack;
            }
        }

        return excluded;
    }

    private static bool MatchesItselfOrAFolderAbove(Regex pattern, string path)
    {
        for (var prefix = path; prefix.Length > 0; prefix = prefix.Contains('/') ? prefix[..prefix.LastIndexOf('/')] : "")
        {
            if (pattern.IsMatch(prefix))
            {
                return true;
            }
        }

        return false;
    }

    private static Regex ToRegex(string pattern)
    {
        var regex = new StringBuilder("^");
        for (var i = 0; i < pattern.Length; i++)
        {
            if (pattern[i] == '*' && i + 1 < pattern.Length && pattern[i + 1] == '*')
            {
                // "**/" also matches no folder at all, so **/bin matches bin at the root.
                var slash = i + 2 < pattern.Length && pattern[i + 2] == '/';
                regex.Append(slash ? "(.*/)?" : ".*");
                i += slash ? 2 : 1;
            }
            else
            {
                regex.Append(pattern[i] switch
                {
                    '*' => "[^/]*",
                    '?' => "[^/]",
                    var c => Regex.Escape(c.ToString()),
                });
            }
        }

        return new Regex(regex.Append('$').ToString(), RegexOptions.CultureInvariant);
    }
}
