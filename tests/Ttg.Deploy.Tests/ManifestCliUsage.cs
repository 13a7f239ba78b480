namespace Ttg.Deploy.Tests;

/// <summary>Every ttg verb, --flag and environment variable that the rendered manifests use.</summary>
internal sealed record ManifestCliUsage(
    IReadOnlyDictionary<string, IReadOnlySet<string>> FlagsByVerb,
    IReadOnlySet<string> EnvironmentVariables)
{
    public static async Task<ManifestCliUsage> CollectAsync()
    {
        var flags = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        var env = new HashSet<string>(StringComparer.Ordinal);
        foreach (var overlay in new[] { "kind", "aks" })
        {
            foreach (var (_, _, container) in TtgContainers.In(await RenderedOverlay.LoadAsync(overlay)))
            {
                var cli = ContainerCommandLine.Parse(container);
                if (!flags.TryGetValue(cli.Verb, out var set))
                {
                    flags[cli.Verb] = set = new HashSet<string>(StringComparer.Ordinal);
                }

                set.UnionWith(cli.Flags.Keys);
                env.UnionWith((container.Env ?? []).Select(e => e.Name));
            }
        }

        return new ManifestCliUsage(
            flags.ToDictionary(p => p.Key, p => (IReadOnlySet<string>)p.Value, StringComparer.Ordinal),
            env);
    }
}
