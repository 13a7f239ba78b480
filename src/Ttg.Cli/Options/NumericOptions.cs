using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace Ttg.Cli.Options;

/// <summary>
/// Gives every numeric option of the command tree a parser that rejects unparseable text, NaN, infinities and
/// values outside the option's range with one line naming the flag and the range. Options not listed in
/// <see cref="Ranges"/> still get their type's range, so a new numeric option can never leak a .NET type name.
/// </summary>
internal static class NumericOptions
{
    /// <summary>Known flags: the range a value must lie in and an example to suggest.</summary>
    private static readonly Dictionary<string, (double Min, double Max, string Example)> Ranges = new(StringComparer.Ordinal)
    {
        ["--params"] = (1, long.MaxValue, "1000"),
        ["--chunk-size"] = (1, 100_000_000, "100 or --chunk-size auto"),
        ["--max-attempts"] = (1, 1_000, "3"),
        ["--lease"] = (1, 86_400, "5"),
        ["--timeout"] = (0.001, 86_400, "60"),
        ["--work-ms"] = (0, 3_600_000, "1"),
        ["--workers"] = (1, 1_024, "3"),
        ["--concurrency"] = (1, 4_096, "2"),
        ["--batch-size"] = (1, int.MaxValue, "500"),
        ["--grace-period"] = (0, 86_400, "25"),
        ["--liveness"] = (0, 86_400, "2"),
        ["--health-port"] = (1, 65_535, "8081"),
        ["--metrics-port"] = (1, 65_535, "9090"),
        ["--port"] = (1, 65_535, "8080"),
        ["--index"] = (0, int.MaxValue, "0"),
        ["--count"] = (1, int.MaxValue, "4"),
        ["--seed"] = (0, long.MaxValue, "7"),
    };

    /// <summary>Installs the checking parser on every numeric option under <paramref name="root"/> that has none.</summary>
    public static void Harden(Command root)
    {
        foreach (var option in root.Options)
        {
            Install(option);
        }

        foreach (var command in root.Subcommands)
        {
            Harden(command);
        }
    }

    private static void Install(Option option)
    {
        switch (option)
        {
            case Option<int?> o when o.CustomParser is null && o.Name == "--chunk-size":
                // "auto" (the default) asks for the factoring plan, stored as chunk size 0.
                o.CustomParser = r => string.Equals(Text(r), "auto", StringComparison.OrdinalIgnoreCase) ? 0 : (int?)ParseInteger(r, o.Name, int.MinValue, int.MaxValue);
                break;
            case Option<int?> o when o.CustomParser is null:
                o.CustomParser = r => (int?)ParseInteger(r, o.Name, int.MinValue, int.MaxValue);
                break;
            case Option<int> o when o.CustomParser is null:
                o.CustomParser = r => (int)(ParseInteger(r, o.Name, int.MinValue, int.MaxValue) ?? 0);
                break;
            case Option<long?> o when o.CustomParser is null:
                o.CustomParser = r => ParseInteger(r, o.Name, long.MinValue, long.MaxValue);
                break;
            case Option<long> o when o.CustomParser is null:
                o.CustomParser = r => ParseInteger(r, o.Name, long.MinValue, long.MaxValue) ?? 0;
                break;
            case Option<double?> o when o.CustomParser is null:
                o.CustomParser = r => ParseReal(r, o.Name);
                break;
            case Option<double> o when o.CustomParser is null:
                o.CustomParser = r => ParseReal(r, o.Name) ?? 0;
                break;
        }
    }

    private static long? ParseInteger(ArgumentResult result, string name, long typeMin, long typeMax)
    {
        var text = Text(result);
        var (min, max, example) = Range(name, typeMin, typeMax);
        var low = min <= typeMin ? typeMin : (long)min;
        var high = max >= typeMax ? typeMax : (long)max;
        if (long.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowThousands, CultureInfo.InvariantCulture, out var value) && value >= low && value <= high)
        {
            return value;
        }

        result.AddError(string.Create(CultureInfo.InvariantCulture, $"{name} '{text}' is not a whole number from {low:N0} to {high:N0}; pass for example {name} {example ?? low.ToString(CultureInfo.InvariantCulture)}."));
        return null;
    }

    private static double? ParseReal(ArgumentResult result, string name)
    {
        var text = Text(result);
        var (min, max, example) = Range(name, double.MinValue, double.MaxValue);
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value) && value >= min && value <= max)
        {
            return value;
        }

        var range = min == double.MinValue ? "a finite number" : string.Create(CultureInfo.InvariantCulture, $"a number from {min:G} to {max:G}");
        result.AddError($"{name} '{text}' is not {range}; pass for example {name} {example ?? "1"}.");
        return null;
    }

    private static (double Min, double Max, string? Example) Range(string name, double typeMin, double typeMax) =>
        Ranges.TryGetValue(name, out var known) ? known : (typeMin, typeMax, null);

    private static string Text(ArgumentResult result) => result.Tokens.Count == 0 ? string.Empty : result.Tokens[0].Value.Trim();
}
