using System.CommandLine;
using System.Globalization;
using System.Runtime.CompilerServices;

namespace Ttg.Cli.Options;

/// <summary>
/// Puts the flags the registered computations contributed (<see cref="ComputationRegistry.Flags"/>) on every verb
/// that describes a job, and turns their values into job arguments. The stock ttg's built-ins bring
/// <c>--work-ms</c> and <c>--fail-on</c> this way; a user's program offers only what its computations add.
/// </summary>
internal static class ContributedFlags
{
    private static readonly ConditionalWeakTable<Option, ComputationFlag> Contributed = [];

    /// <summary>Adds the registry's flags to every command under <paramref name="root"/> that takes a parameter space (has <c>--grid</c>).</summary>
    public static void Install(Command root, ComputationRegistry registry)
    {
        if (root.Options.Any(o => o.Name == "--grid"))
        {
            foreach (var flag in registry.Flags.Where(f => root.Options.All(o => o.Name != f.Name)))
            {
                Option option = flag.IsNumber
                    ? new Option<double?>(flag.Name) { Description = flag.Description, HelpName = flag.HelpName }
                    : new Option<string?>(flag.Name) { Description = flag.Description, HelpName = flag.HelpName };
                Contributed.AddOrUpdate(option, flag);
                root.Options.Add(option);
            }
        }

        foreach (var command in root.Subcommands)
        {
            Install(command, registry);
        }
    }

    /// <summary>The contributed options of the parsed command.</summary>
    public static IEnumerable<Option> Of(ParseResult parse) =>
        parse.CommandResult.Command.Options.Where(o => Contributed.TryGetValue(o, out _));

    /// <summary>
    /// Sets each given contributed flag's argument in <paramref name="arguments"/> (a flag beats the spec file and
    /// <c>--arg</c>); an absent one falls back to its environment variable unless the argument is set.
    /// </summary>
    public static void Apply(ParseResult parse, IDictionary<string, string> arguments)
    {
        foreach (var option in Of(parse))
        {
            Contributed.TryGetValue(option, out var flag);
            var given = option switch
            {
                Option<double?> number => parse.GetValue(number)?.ToString(CultureInfo.InvariantCulture),
                Option<string?> text => parse.GetValue(text),
                _ => null,
            };
            if (given is not null)
            {
                arguments[flag!.Argument] = given;
            }
            else if (!arguments.ContainsKey(flag!.Argument) && flag.EnvironmentVariable is { } variable && Environment(variable, flag.IsNumber) is { } value)
            {
                arguments[flag.Argument] = value;
            }
        }
    }

    private static string? Environment(string variable, bool isNumber) => isNumber
        ? EnvironmentVariables.GetDouble(variable)?.ToString(CultureInfo.InvariantCulture)
        : EnvironmentVariables.Get(variable);
}
