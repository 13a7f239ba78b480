using k8s;
using k8s.Models;

namespace Ttg.Deploy.Tests;

public sealed class ManifestLoadingTests
{
    public static TheoryData<string> Overlays => new() { "kind", "aks" };

    [Theory]
    [MemberData(nameof(Overlays))]
    public async Task Overlay_RendersAndLoadsStrictly(string overlay)
    {
        var rendered = await RenderedOverlay.LoadAsync(overlay);

        var kinds = rendered.Objects.Select(o => o.Kind).ToHashSet();
        Assert.Subset(kinds, new HashSet<string> { "StatefulSet", "Service", "Job", "NetworkPolicy", "PodDisruptionBudget" });
        Assert.Equal(3, rendered.Jobs.Count());
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public async Task EveryObjectAndPod_IsLabelledPartOfTtg(string overlay)
    {
        var rendered = await RenderedOverlay.LoadAsync(overlay);

        foreach (var obj in rendered.Objects)
        {
            Assert.True(
                obj.Metadata.Labels?.TryGetValue("app.kubernetes.io/part-of", out var value) == true && value == "ttg",
                $"{obj.Kind}/{obj.Metadata.Name} lacks app.kubernetes.io/part-of=ttg");
        }

        foreach (var (owner, template) in rendered.PodTemplates())
        {
            Assert.Equal("ttg", template.Metadata.Labels["app.kubernetes.io/part-of"]);
            Assert.True(template.Metadata.Labels.ContainsKey("app.kubernetes.io/name"), $"{owner} pods lack app.kubernetes.io/name");
        }
    }

    [Theory]
    [InlineData("unknown-field.yaml")]
    [InlineData("wrong-type.yaml")]
    public void StrictLoader_RejectsBrokenManifest(string file)
    {
        var yaml = File.ReadAllText(RepoPaths.Broken(file));

        Assert.ThrowsAny<Exception>(() => KubernetesYaml.LoadAllFromString(yaml, typeMap: null, strict: true));
    }

    [Fact]
    public void StrictLoader_AcceptsTheSameManifestWithoutTheMistake()
    {
        // Guards the test above: the broken files fail because of their mistakes, not because of the loader.
        var yaml = File.ReadAllText(RepoPaths.Broken("unknown-field.yaml"))
            .Replace("parallelisms:", "parallelism:", StringComparison.Ordinal)
            .Replace("imagePulPolicy:", "imagePullPolicy:", StringComparison.Ordinal);

        var job = Assert.IsType<V1Job>(Assert.Single(KubernetesYaml.LoadAllFromString(yaml, typeMap: null, strict: true)));
        Assert.Equal(3, job.Spec.Parallelism);
    }
}
