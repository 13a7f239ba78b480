using k8s.Models;

namespace Ttg.Deploy.Tests;

/// <summary>Finds the containers that run the ttg image (as opposed to Redis).</summary>
internal static class TtgContainers
{
    public static bool RunsTtg(V1Container container) =>
        container.Image is { } image && image.Contains("ttg-worker", StringComparison.Ordinal);

    public static IEnumerable<V1Container> AllContainers(V1PodSpec spec) =>
        (spec.InitContainers ?? []).Concat(spec.Containers);

    /// <summary>Every ttg container of the overlay with its owner and its pod spec.</summary>
    public static IEnumerable<(string Owner, V1PodSpec Pod, V1Container Container)> In(RenderedOverlay overlay) =>
        from t in overlay.PodTemplates()
        from c in AllContainers(t.Template.Spec)
        where RunsTtg(c)
        select (t.Owner, t.Template.Spec, c);
}
