using System.CommandLine;

namespace Ttg.Cli.Commands;

/// <summary><c>ttg computations</c>: the computations this program has registered.</summary>
internal static class ComputationsCommand
{
    public static Command Create(CliServices services)
    {
        var command = new Command("computations", "List the registered computations");
        var json = Json.JsonFlag.Create();
        command.Options.Add(json);
        command.SetAction(parse =>
        {
            if (parse.GetValue(json))
            {
                Json.JsonValues.Print(services.Output, [.. services.Registry.All.Select(d => new Json.ComputationJson(d.Name, d.Description))], Json.CliJsonContext.Default.ListComputationJson);
                return ExitCodes.Success;
            }

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
