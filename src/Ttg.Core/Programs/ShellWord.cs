namespace Ttg.Programs;

/// <summary>POSIX shell quoting, for command lines TTG runs (<c>--command</c> placeholders) and prints (next-step hints).</summary>
public static class ShellWord
{
    // Characters a shell would expand or split on; a word holding none of them reads the same unquoted.
    private const string Special = "*?[]$&;|<>()'\"\\`!#~{}";

    /// <summary>Single-quotes <paramref name="value"/>: <c>it's</c> becomes <c>'it'\''s'</c>.</summary>
    public static string Quote(string value) => "'" + value.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    /// <summary>The word as is when a shell reads it unchanged, else <see cref="Quote"/>d (a redacted password's <c>***</c>, say).</summary>
    public static string QuoteIfNeeded(string word) => word.Any(c => char.IsWhiteSpace(c) || Special.Contains(c)) ? Quote(word) : word;
}
