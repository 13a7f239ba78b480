using Ttg.Jobs;

namespace Ttg.Cli.Options;

/// <summary>
/// Spec fields as the command line's users set them: the flag of each field (<c>chunkSize</c> is <c>--chunk-size</c>),
/// so the engine's messages, which name fields, name the flags when <c>ttg</c> prints them.
/// </summary>
internal sealed class CliSpecFields : ISpecFieldNames
{
    public static readonly CliSpecFields Instance = new();

    private static readonly Dictionary<string, string> Flags = new(StringComparer.Ordinal)
    {
        [SpecField.Params.Name] = "--params",
        [SpecField.Grid.Name] = "--grid",
        [SpecField.Sample.Name] = "--sample",
        [SpecField.Seed.Name] = "--seed",
        [SpecField.Input.Name] = "--input",
        [SpecField.ChunkSize.Name] = "--chunk-size",
        [SpecField.MaxAttempts.Name] = "--max-attempts",
        [SpecField.Lease.Name] = "--lease",
        [SpecField.Timeout.Name] = "--timeout",
        [SpecField.AsyncConcurrency.Name] = "--async-concurrency",
        [SpecField.Deadline.Name] = "--deadline",
        [SpecField.Arguments.Name] = "--arg",
        [SpecField.Command.Name] = "--command",
        [SpecField.Serve.Name] = "--serve",
    };

    public string NameOf(SpecField field) => field == SpecField.Computation
        ? "the computation: its name as the first argument, as in `ttg submit square --params 100`, or 'computation' in the spec file"
        : Flags.TryGetValue(field.Name, out var flag) ? flag : field.Name;

    public string SettingOf(SpecSetting setting) => Flags.TryGetValue(setting.Field.Name, out var flag)
        ? $"{flag} {setting.Value}"
        : setting.ToString();
}
