using System.Diagnostics;

namespace Ttg.Testing;

/// <summary>
/// Makes sure a program from a Debian package is on PATH (python3 for the --command and --serve tests), installing
/// the package with apt-get when missing, so the tests run on a fresh machine; .ci/run installs the same list.
/// </summary>
public static class DebianPackage
{
    private static readonly Lock Gate = new();

    /// <summary>Installs <paramref name="package"/> unless <paramref name="program"/> is already on PATH.</summary>
    public static void Ensure(string program, string package)
    {
        lock (Gate)
        {
            if (IsOnPath(program))
            {
                return;
            }

            using var apt = Process.Start("apt-get", $"install -y -qq {package}") ?? throw new InvalidOperationException("apt-get did not start");
            apt.WaitForExit();
            if (apt.ExitCode != 0 || !IsOnPath(program))
            {
                throw new InvalidOperationException($"{program} is missing and apt-get install -y {package} failed; install {package} first");
            }
        }
    }

    private static bool IsOnPath(string program) =>
        Environment.GetEnvironmentVariable("PATH")?.Split(':').Any(p => File.Exists(Path.Combine(p, program))) ?? false;
}
