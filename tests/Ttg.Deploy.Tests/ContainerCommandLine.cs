using k8s.Models;

namespace Ttg.Deploy.Tests;

/// <summary>
/// A container's <c>args</c> read as a ttg command line: the verb, its positional arguments and its
/// <c>--flags</c> with their values (a flag followed by another flag, or by nothing, is a switch).
/// </summary>
internal sealed record ContainerCommandLine(string Verb, IReadOnlyList<string> Positionals, IReadOnlyDictionary<string, string?> Flags)
{
    public static ContainerCommandLine Parse(V1Container container)
    {
        var args = container.Args ?? [];
        if (args.Count == 0)
        {
            return new ContainerCommandLine("", [], new Dictionary<string, string?>());
        }

        var positionals = new List<string>();
        var flags = new Dictionary<string, string?>(StringComparer.Ordinal);
        for (var i = 1; i < args.Count; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal))
            {
                positionals.Add(args[i]);
                continue;
            }

            var hasValue = i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal);
            flags[args[i]] = hasValue ? args[++i] : null;
        }

        return new ContainerCommandLine(args[0], positionals, flags);
    }

    public int IntFlag(string flag) =>
        Flags.TryGetValue(flag, out var value) && int.TryParse(value, out var number)
            ? number
            : throw new Xunit.Sdk.XunitException($"{Verb}: {flag} is not given as an integer");
}
