using System.CommandLine;
using System.CommandLine.Parsing;

namespace Ttg.Cli;

/// <summary>Turns the parser's errors into the one line a user sees.</summary>
internal static class ParseErrors
{
    /// <summary>The first error (the one to fix first), with where to read the verb's flags.</summary>
    public static string Describe(ParseResult parse)
    {
        var first = Plain(parse.Errors[0]);
        var verb = parse.CommandResult.Command is RootCommand ? "ttg --help" : $"ttg {parse.CommandResult.Command.Name} --help";
        var more = parse.Errors.Count > 1 ? $" ({parse.Errors.Count - 1} more problem{(parse.Errors.Count > 2 ? "s" : "")} after it)" : string.Empty;
        return $"{first.TrimEnd('.')}{more}; `{verb}` lists the flags.";
    }

    /// <summary>
    /// The parser's own conversion message names .NET types (<c>System.Nullable`1[System.Int32]</c>); a user needs
    /// the flag and the text it did not accept instead.
    /// </summary>
    private static string Plain(ParseError error)
    {
        var message = error.Message.Trim();
        if (!message.Contains("System.", StringComparison.Ordinal) && !message.Contains("expected type", StringComparison.Ordinal))
        {
            return message;
        }

        var (name, tokens) = error.SymbolResult switch
        {
            OptionResult option => (option.Option.Name, option.Tokens),
            ArgumentResult argument => (argument.Argument.Name, argument.Tokens),
            _ => ("a value", (IReadOnlyList<Token>)[]),
        };
        var text = tokens.Count == 0 ? string.Empty : $" '{tokens[0].Value}'";
        return $"{name}{text} is not a value it accepts";
    }
}
