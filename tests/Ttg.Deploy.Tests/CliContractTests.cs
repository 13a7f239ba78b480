namespace Ttg.Deploy.Tests;

/// <summary>
/// The binary-free half of the CLI check: the manifests use only what <see cref="CliContract"/> lists.
/// <see cref="CliConsistencyTests"/> holds that list against the real ttg.
/// </summary>
public sealed class CliContractTests
{
    [Fact]
    public async Task Manifests_UseOnlyTheDocumentedCliContract()
    {
        var usage = await ManifestCliUsage.CollectAsync();

        Assert.Equal(new[] { "dashboard", "submit", "watch", "worker" }, usage.FlagsByVerb.Keys.Order(StringComparer.Ordinal));
        foreach (var (verb, flags) in usage.FlagsByVerb)
        {
            Assert.Empty(flags.Except(CliContract.Flags[verb]));
        }

        Assert.Empty(usage.EnvironmentVariables.Except(CliContract.EnvironmentVariables));
    }
}
