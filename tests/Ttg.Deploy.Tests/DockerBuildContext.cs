namespace Ttg.Deploy.Tests;

/// <summary>
/// What a stage of the Dockerfile sees of the repository: its context COPY lines carried out into a folder, leaving out
/// what <c>.dockerignore</c> leaves out. A COPY whose sources are all left out is a failed image build, reported here.
/// </summary>
internal static class DockerBuildContext
{
    /// <summary>Copies the stage's context files into <paramref name="workDir"/> (the stage's WORKDIR on this machine).</summary>
    /// <returns>One line per COPY source that would make the build fail; empty when the build has everything.</returns>
    public static IReadOnlyList<string> Stage(string repoRoot, DockerfileText dockerfile, string stage, string workDir)
    {
        var ignore = DockerIgnore.Load(repoRoot);
        var missing = new List<string>();
        foreach (var (sources, destination) in dockerfile.ContextCopies(stage))
        {
            foreach (var source in sources)
            {
                var copied = CopySource(repoRoot, ignore, source.TrimEnd('/'), Path.Combine(workDir, destination));
                if (copied == 0)
                {
                    missing.Add($"COPY {source}: nothing of it is in the build context (missing, or left out by .dockerignore)");
                }
            }
        }

        return missing;
    }

    private static int CopySource(string repoRoot, DockerIgnore ignore, string source, string destination)
    {
        var full = Path.Combine(repoRoot, source);
        if (File.Exists(full))
        {
            return ignore.LeavesOut(source) ? 0 : CopyFile(full, Path.Combine(destination, Path.GetFileName(source)));
        }

        if (!Directory.Exists(full))
        {
            return 0;
        }

        // A folder source copies its contents (not the folder itself) into the destination.
        var copied = 0;
        foreach (var file in Directory.EnumerateFiles(full, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(repoRoot, file).Replace('\\', '/');
            if (!ignore.LeavesOut(relative))
            {
                copied += CopyFile(file, Path.Combine(destination, Path.GetRelativePath(full, file)));
            }
        }

        return copied;
    }

    private static int CopyFile(string from, string to)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(to)!);
        File.Copy(from, to, overwrite: true);
        return 1;
    }
}
