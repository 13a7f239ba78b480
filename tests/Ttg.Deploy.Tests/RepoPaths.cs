namespace Ttg.Deploy.Tests;

/// <summary>Locates the repository (the folder holding Ttg.slnx) from the test's output folder.</summary>
internal static class RepoPaths
{
    private static readonly Lazy<string> _root = new(FindRoot);

    public static string Root => _root.Value;

    public static string Overlay(string name) => Path.Combine(Root, "deploy", "k8s", "overlays", name);

    public static string Broken(string file) => Path.Combine(Root, "deploy", "validate", "broken", file);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Ttg.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"Ttg.slnx not found above {AppContext.BaseDirectory}");
    }
}
