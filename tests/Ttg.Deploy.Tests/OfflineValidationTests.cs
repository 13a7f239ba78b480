using Ttg.Testing;

namespace Ttg.Deploy.Tests;

/// <summary>
/// The second, independent validator and shellcheck, run through scripts/validate-deploy.sh: kustomize renders
/// every overlay, kubernetes-models validates every object (unknown fields included), the broken manifests are
/// rejected, and every script is shellcheck-clean.
/// </summary>
public sealed class OfflineValidationTests
{
    [Fact]
    public async Task ValidateDeployScript_PassesOnTheRepository()
    {
        var outcome = await ChildProcess.RunAsync("bash", [Path.Combine(RepoPaths.Root, "scripts", "validate-deploy.sh"), "--install"], TimeSpan.FromMinutes(5), RepoPaths.Root);

        Assert.True(outcome.ExitCode == 0, $"validate-deploy.sh failed (exit {outcome.ExitCode}):\n{outcome.Stdout}\n{outcome.Stderr}");
        Assert.Contains("deploy validation passed", outcome.Stdout);
    }
}
