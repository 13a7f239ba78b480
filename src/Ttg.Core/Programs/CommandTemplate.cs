using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Ttg.Programs;

/// <summary>
/// A <c>--command</c> line with <c>{name}</c> and <c>{index}</c> placeholders. Each value is filled in single-quoted
/// for <c>/bin/sh</c>, so a value with spaces, quotes or <c>$</c> reaches the program as one literal argument.
/// Braces that name nothing known (<c>${HOME}</c>, JSON in a <c>-c</c> script) are left as written.
/// </summary>
internal sealed partial class CommandTemplate
{
    private readonly string _text;
    private readonly (int Start, int Length, int Ordinal)[] _holes;

    private CommandTemplate(string text, (int Start, int Length, int Ordinal)[] holes)
    {
        _text = text;
        _holes = holes;
    }

    /// <summary>The ordinal that stands for the parameter's index.</summary>
    private const int IndexOrdinal = -1;

    /// <summary>Reads <paramref name="text"/> against the space's value names.</summary>
    /// <exception cref="ArgumentException">A placeholder names no value of the space; the message lists the names.</exception>
    public static CommandTemplate Parse(string text, IReadOnlyList<string> names)
    {
        var holes = new List<(int, int, int)>();
        foreach (Match match in Placeholder().Matches(text))
        {
            var name = match.Groups[1].Value;
            var ordinal = name == "index" ? IndexOrdinal : IndexOf(names, name);
            if (ordinal == int.MinValue)
            {
                var known = string.Join(", ", names.Select(n => "{" + n + "}").Append("{index}"));
                throw new ArgumentException($"The command has placeholder {{{name}}}, which is not a parameter of this job; use one of {known}");
            }

            holes.Add((match.Index, match.Length, ordinal));
        }

        return new CommandTemplate(text, [.. holes]);
    }

    /// <summary>The command line for <paramref name="parameter"/>, every value shell-quoted.</summary>
    public string Fill(Parameter parameter)
    {
        if (_holes.Length == 0)
        {
            return _text;
        }

        var line = new StringBuilder(_text.Length + (16 * _holes.Length));
        var at = 0;
        foreach (var (start, length, ordinal) in _holes)
        {
            line.Append(_text, at, start - at);
            var value = ordinal == IndexOrdinal ? parameter.Index.ToString(CultureInfo.InvariantCulture) : parameter[ordinal].ToString();
            line.Append(ShellWord.Quote(value));
            at = start + length;
        }

        return line.Append(_text, at, _text.Length - at).ToString();
    }

    private static int IndexOf(IReadOnlyList<string> names, string name)
    {
        for (var i = 0; i < names.Count; i++)
        {
            if (names[i] == name)
            {
                return i;
            }
        }

        // An unknown word in braces after a '$' is the shell's; otherwise it is most likely a typo.
        return int.MinValue;
    }

    [GeneratedRegex(@"(?<!\$)\{([A-Za-z_][A-Za-z0-9_.\-]*)\}")]
    private static partial Regex Placeholder();
}
