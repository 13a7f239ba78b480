namespace Ttg.Deploy.Tests;

public sealed class PodHardeningTests
{
    public static TheoryData<string> Overlays => new() { "kind", "aks" };

    [Theory]
    [MemberData(nameof(Overlays))]
    public async Task EveryPod_RunsNonRootWithRuntimeDefaultSeccomp(string overlay)
    {
        var rendered = await RenderedOverlay.LoadAsync(overlay);

        foreach (var (owner, template) in rendered.PodTemplates())
        {
            var pod = template.Spec.SecurityContext;
            Assert.True(pod?.RunAsNonRoot == true, $"{owner}: securityContext.runAsNonRoot");
            Assert.True(pod?.RunAsUser is > 0, $"{owner}: securityContext.runAsUser must be a non-zero uid");
            Assert.Equal("RuntimeDefault", pod?.SeccompProfile?.Type);
            Assert.False(template.Spec.AutomountServiceAccountToken ?? true, $"{owner}: automountServiceAccountToken");
        }
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public async Task EveryContainer_IsLockedDown(string overlay)
    {
        var rendered = await RenderedOverlay.LoadAsync(overlay);

        foreach (var (owner, template) in rendered.PodTemplates())
        {
            var tmpVolumes = (template.Spec.Volumes ?? [])
                .Where(v => v.EmptyDir is not null)
                .Select(v => v.Name)
                .ToHashSet();
            foreach (var container in TtgContainers.AllContainers(template.Spec))
            {
                var where = $"{owner} container {container.Name}";
                var sc = container.SecurityContext;
                Assert.True(sc?.AllowPrivilegeEscalation == false, $"{where}: allowPrivilegeEscalation false");
                Assert.True(sc?.ReadOnlyRootFilesystem == true, $"{where}: readOnlyRootFilesystem true");
                Assert.Contains("ALL", sc?.Capabilities?.Drop ?? []);
                Assert.Contains(
                    container.VolumeMounts ?? [],
                    m => m.MountPath == "/tmp" && tmpVolumes.Contains(m.Name));
                Assert.NotNull(container.Resources?.Requests);
                Assert.NotNull(container.Resources?.Limits);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public async Task TtgContainers_HaveTheSeedsRequestsAndLimits(string overlay)
    {
        var rendered = await RenderedOverlay.LoadAsync(overlay);

        foreach (var (owner, _, container) in TtgContainers.In(rendered))
        {
            var r = container.Resources;
            var where = $"{owner} container {container.Name}";
            Assert.True(r.Requests["cpu"].ToString() == "100m", $"{where}: requests.cpu");
            Assert.True(r.Requests["memory"].ToString() == "128Mi", $"{where}: requests.memory");
            Assert.True(r.Limits["cpu"].ToString() == "500m", $"{where}: limits.cpu");
            Assert.True(r.Limits["memory"].ToString() == "256Mi", $"{where}: limits.memory");
        }
    }
}
