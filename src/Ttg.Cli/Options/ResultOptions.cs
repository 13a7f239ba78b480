using System.CommandLine;
using Ttg.Results;

namespace Ttg.Cli.Options;

/// <summary><c>--out FILE</c> and <c>--goal min|max</c>: where results go and which result counts as best.</summary>
internal sealed class ResultOptions
{
    public Option<string?> Out { get; } = new("--out") { Description = "Write one row per parameter to FILE (.csv, .jsonl or .parquet)", HelpName = "FILE" };

    public Option<string> Goal { get; } = new("--goal") { Description = "Which result is best: min or max (default min)", HelpName = "min|max", DefaultValueFactory = _ => "min" };

    /// <summary>The result field summaries rank; verbs that honour it add it themselves.</summary>
    public Option<string?> Metric { get; } = new("--metric") { Description = "The numeric result field min, mean, max and best rank (default: result, or a field named value, else the first numeric field)", HelpName = "FIELD" };

    public void AddTo(Command command)
    {
        command.Options.Add(Out);
        command.Options.Add(Goal);
    }

    public ResultGoal GetGoal(ParseResult parse) => parse.GetValue(Goal)?.ToLowerInvariant() switch
    {
        "min" or "minimize" => ResultGoal.Minimize,
        "max" or "maximize" => ResultGoal.Maximize,
        var other => throw new CliException($"--goal '{other}' is unknown; pass --goal min or --goal max.", ExitCodes.BadInput),
    };

    /// <summary>Checks the output path before any work, so a typo does not surface after an hour of computing.</summary>
    public string? GetCheckedOut(ParseResult parse)
    {
        var path = parse.GetValue(Out);
        if (path is null)
        {
            return null;
        }

        if (!ResultExporter.CanExport(path))
        {
            throw new CliException($"--out '{path}' has an unknown format; name the file .csv, .jsonl or .parquet.", ExitCodes.BadInput);
        }

        var folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        if (!Directory.Exists(folder))
        {
            throw new CliException($"--out '{path}': folder '{folder}' does not exist; create it or pick another path.", ExitCodes.BadInput);
        }

        return path;
    }
}
