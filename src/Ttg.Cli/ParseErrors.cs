using System.CommandLine;
using System.CommandLine.Parsing;

namespace Ttg.Cli;

/// <summary>Turns the parser's errors into the one line a user sees.</summary>
internal static class ParseErrors
{
    /// <summary>The first error (the one to fix first), with where to read the verb's flags.</summary>
    public static string Describe(ParseResult parse)
    {
        var first = Plain(parse.Errors[0], parse.CommandResult);
        var verb = parse.CommandResult.Command is RootCommand ? "ttg --help" : $"ttg {parse.CommandResult.Command.Name} --help";
        var more = parse.Errors.Count > 1 ? $" ({parse.Errors.Count - 1} more problem{(parse.Errors.Count > 2 ? "s" : "")} after it)" : string.Empty;
        return $"{first.TrimEnd('.')}{more}; `{verb}` lists the flags.";
    }

    /// <summary>
    /// The parser's own conversion message names .NET types (<c>System.Nullable`1[System.Int32]</c>); a user needs
    /// the flag and the text it did not accept instead.
    /// </summary>
    private static string Plain(ParseError error, CommandResult verb)
    {
        var message = error.Message.Trim();
        if (MissingArgument(error, verb) is { } missing)
        {
            return missing;
        }

        if (error.SymbolResult is OptionResult { Tokens.Count: 0, Option: { Arity.MinimumNumberOfValues: > 0 } flag })
        {
            return $"{flag.Name} needs a value";
        }

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

    /// <summary>
    /// A verb called without its required argument: the parser says "Required argument missing for command:
    /// 'results'"; the user needs the argument's name and where to find one.
    /// </summary>
    private static string? MissingArgument(ParseError error, CommandResult command)
    {
        if (error.SymbolResult is not (null or CommandResult or ArgumentResult { Tokens.Count: 0 }))
        {
            return null;
        }

        var missing = command.Command.Arguments.FirstOrDefault(a => a.Arity.MinimumNumberOfValues > 0 && command.GetResult(a) is not { Tokens.Count: > 0 });
        return missing switch
        {
            null => null,
            { Name: "job" } => $"ttg {command.Command.Name} needs a JOB id (`ttg jobs` lists them)",
            _ => $"ttg {command.Command.Name} needs its {missing.Name.ToUpperInvariant()} argument",
        };
    }
}
