using System.CommandLine;

namespace Ttg.Cli.Commands;

/// <summary><c>ttg computations</c>: the computations this program has registered.</summary>
internal static class ComputationsCommand
{
    public static Command Create(CliServices services)
    {
        var command = new Command("computations", "List the registered computations");
        command.SetAction(parse =>
        {
            var width = services.Registry.Names.Select(n => n.Length).DefaultIfEmpty(0).Max();
            foreach (var descriptor in services.Registry.All)
            {
                services.Output.WriteLine($"{descriptor.Name.PadRight(width)}  {descriptor.Description}");
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
