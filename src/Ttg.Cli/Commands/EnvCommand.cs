using System.CommandLine;
using Ttg.Cli.Options;

namespace Ttg.Cli.Commands;

/// <summary><c>ttg env</c>: every environment variable ttg reads, one per line as NAME, a tab, and its meaning.</summary>
internal static class EnvCommand
{
    public static Command Create(CliServices services)
    {
        var command = new Command("env", "List the environment variables ttg reads (flags win over them)");
        command.SetAction(parse =>
        {
            foreach (var (name, description) in EnvironmentVariables.All)
            {
                services.Output.WriteLine($"{name}\t{description}");
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
