using k8s;
using k8s.Models;
using Ttg.Testing;

namespace Ttg.Deploy.Tests;

/// <summary>An overlay rendered by <c>kubectl kustomize</c> and loaded with KubernetesClient's strict loader.</summary>
internal sealed class RenderedOverlay
{
    private static readonly Dictionary<string, RenderedOverlay> _cache = new(StringComparer.Ordinal);
    private static readonly SemaphoreSlim _lock = new(1, 1);

    private RenderedOverlay(string name, string yaml, IReadOnlyList<IKubernetesObject<V1ObjectMeta>> objects)
    {
        Name = name;
        Yaml = yaml;
        Objects = objects;
    }

    public string Name { get; }

    public string Yaml { get; }

    public IReadOnlyList<IKubernetesObject<V1ObjectMeta>> Objects { get; }

    public IEnumerable<V1Job> Jobs => Objects.OfType<V1Job>();

    public V1Job Job(string name) =>
        Jobs.SingleOrDefault(j => j.Metadata.Name == name)
        ?? throw new Xunit.Sdk.XunitException($"overlay {Name} has no Job {name}");

    public T Single<T>(string name)
        where T : IKubernetesObject<V1ObjectMeta> =>
        Objects.OfType<T>().SingleOrDefault(o => o.Metadata.Name == name)
        ?? throw new Xunit.Sdk.XunitException($"overlay {Name} has no {typeof(T).Name} {name}");

    /// <summary>Every pod template in the overlay with the object that owns it.</summary>
    public IEnumerable<(string Owner, V1PodTemplateSpec Template)> PodTemplates()
    {
        foreach (var obj in Objects)
        {
            var template = obj switch
            {
                V1Job job => job.Spec.Template,
                V1Deployment deployment => deployment.Spec.Template,
                V1StatefulSet set => set.Spec.Template,
                V1DaemonSet set => set.Spec.Template,
                _ => null,
            };
            if (template is not null)
            {
                yield return ($"{obj.Kind}/{obj.Metadata.Name}", template);
            }
        }
    }

    public static async Task<RenderedOverlay> LoadAsync(string name)
    {
        await _lock.WaitAsync();
        try
        {
            if (!_cache.TryGetValue(name, out var overlay))
            {
                var yaml = await RenderAsync(RepoPaths.Overlay(name));
                var objects = KubernetesYaml.LoadAllFromString(yaml, typeMap: null, strict: true)
                    .Cast<IKubernetesObject<V1ObjectMeta>>()
                    .ToList();
                overlay = new RenderedOverlay(name, yaml, objects);
                _cache[name] = overlay;
            }

            return overlay;
        }
        finally
        {
            _lock.Release();
        }
    }

    public static async Task<string> RenderAsync(string directory)
    {
        ProcessResult outcome;
        try
        {
            outcome = await ChildProcess.RunAsync("kubectl", ["kustomize", directory], TimeSpan.FromMinutes(2), RepoPaths.Root);
        }
        catch (InvalidOperationException e)
        {
            throw new Xunit.Sdk.XunitException(
                "kubectl is required to render the kustomize overlays (kubectl kustomize) and was not found: " + e.Message);
        }

        if (outcome.ExitCode != 0)
        {
            throw new Xunit.Sdk.XunitException($"kubectl kustomize {directory} failed:\n{outcome.Stderr}");
        }

        return outcome.Stdout;
    }
}
