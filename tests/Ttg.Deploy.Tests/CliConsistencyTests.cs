using System.Text.RegularExpressions;

namespace Ttg.Deploy.Tests;

/// <summary>
/// The manifests may only use verbs, flags and environment variables that the real ttg reads: a typo
/// there is not an error at apply time, the worker would just ignore it on a real cluster. Builds
/// src/Ttg (or uses $TTG_BINARY) and asks it: <c>ttg env</c>, <c>ttg VERB --help</c>.
/// </summary>
public sealed class CliConsistencyTests(TtgBinary ttg) : IClassFixture<TtgBinary>
{
    [Fact]
    public async Task EveryEnvironmentVariableInTheManifests_IsListedByTtgEnv()
    {
        var usage = await ManifestCliUsage.CollectAsync();

        var listed = (await ttg.RunAsync("env"))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => line.Split('\t')[0])
            .ToHashSet(StringComparer.Ordinal);

        Assert.Empty(usage.EnvironmentVariables.Except(listed));
        Assert.Empty(CliContract.EnvironmentVariables.Except(listed));
    }

    [Fact]
    public async Task EveryFlagInTheManifests_IsInTheVerbsHelp()
    {
        var usage = await ManifestCliUsage.CollectAsync();

        foreach (var (verb, contractFlags) in CliContract.Flags)
        {
            var help = await ttg.RunAsync(verb, "--help");
            var used = usage.FlagsByVerb.TryGetValue(verb, out var flags) ? flags : new HashSet<string>();
            var missing = used.Union(contractFlags).Where(flag => !MentionsFlag(help, flag)).ToList();
            Assert.True(missing.Count == 0, $"ttg {verb} --help does not list {string.Join(", ", missing)}");
        }
    }

    [Fact]
    public async Task VerbsTheScriptsCall_Exist()
    {
        foreach (var verb in CliContract.ScriptVerbs)
        {
            Assert.False(string.IsNullOrWhiteSpace(await ttg.RunAsync(verb, "--help")));
        }
    }

    private static bool MentionsFlag(string help, string flag) =>
        Regex.IsMatch(help, $@"(?<![\w-]){Regex.Escape(flag)}(?![\w-])");
}
