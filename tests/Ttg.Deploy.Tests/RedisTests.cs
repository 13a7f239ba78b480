using k8s.Models;

namespace Ttg.Deploy.Tests;

public sealed class RedisTests
{
    public static TheoryData<string> Overlays => new() { "kind", "aks" };

    [Theory]
    [MemberData(nameof(Overlays))]
    public async Task Redis_PersistsWithAppendOnlyOnAVolumeClaim(string overlay)
    {
        var set = (await RenderedOverlay.LoadAsync(overlay)).Single<V1StatefulSet>("ttg-redis");

        var redis = Assert.Single(set.Spec.Template.Spec.Containers);
        var args = string.Join(' ', redis.Args);
        Assert.Contains("--appendonly yes", args, StringComparison.Ordinal);
        Assert.Contains("--requirepass $(REDIS_PASSWORD)", args, StringComparison.Ordinal);
        var claim = Assert.Single(set.Spec.VolumeClaimTemplates);
        Assert.Contains(redis.VolumeMounts, m => m.Name == claim.Metadata.Name && m.MountPath == "/data");
        Assert.Equal("ttg", claim.Metadata.Labels["app.kubernetes.io/part-of"]);
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public async Task RedisPassword_ComesFromTheSecretEverywhere(string overlay)
    {
        var rendered = await RenderedOverlay.LoadAsync(overlay);

        foreach (var (owner, template) in rendered.PodTemplates())
        {
            foreach (var container in TtgContainers.AllContainers(template.Spec))
            {
                var password = (container.Env ?? []).SingleOrDefault(e => e.Name == "REDIS_PASSWORD");
                Assert.True(password is not null, $"{owner} container {container.Name} has no REDIS_PASSWORD");
                Assert.Null(password.Value);
                Assert.Equal("ttg-redis-auth", password.ValueFrom.SecretKeyRef.Name);

                // $(REDIS_PASSWORD) expands only in variables defined after it.
                var names = container.Env!.Select(e => e.Name).ToList();
                var url = names.IndexOf("REDIS_URL");
                Assert.True(url < 0 || url > names.IndexOf("REDIS_PASSWORD"), $"{owner}: REDIS_URL before REDIS_PASSWORD");
            }
        }
    }

    [Fact]
    public async Task KindOverlay_GeneratesTheSecret_AksExpectsItPrecreated()
    {
        var kind = await RenderedOverlay.LoadAsync("kind");
        var aks = await RenderedOverlay.LoadAsync("aks");

        Assert.True(kind.Single<V1Secret>("ttg-redis-auth").Data.ContainsKey("password"));
        Assert.DoesNotContain(aks.Objects, o => o is V1Secret);
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public async Task Service_NetworkPolicyAndBudget_ProtectRedis(string overlay)
    {
        var rendered = await RenderedOverlay.LoadAsync(overlay);
        var set = rendered.Single<V1StatefulSet>("ttg-redis");
        var podLabels = set.Spec.Template.Metadata.Labels;

        var service = rendered.Single<V1Service>("ttg-redis");
        Assert.Subset(podLabels.ToHashSet(), service.Spec.Selector.ToHashSet());
        Assert.Contains(service.Spec.Ports, p => p.Port == 6379);

        var policy = rendered.Single<V1NetworkPolicy>("ttg-redis");
        Assert.Subset(podLabels.ToHashSet(), policy.Spec.PodSelector.MatchLabels.ToHashSet());
        var from = Assert.Single(Assert.Single(policy.Spec.Ingress).FromProperty);
        Assert.Equal("ttg", from.PodSelector.MatchLabels["app.kubernetes.io/part-of"]);
        Assert.Null(from.NamespaceSelector);

        var budget = rendered.Single<V1PodDisruptionBudget>("ttg-redis");
        Assert.Subset(podLabels.ToHashSet(), budget.Spec.Selector.MatchLabels.ToHashSet());
    }
}
