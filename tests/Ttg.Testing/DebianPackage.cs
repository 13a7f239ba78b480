using System.Diagnostics;

namespace Ttg.Testing;

/// <summary>
/// Makes sure a program from a Debian package is on PATH (redis-server, promtool, python3, chromium, bwrap), installing
/// the package with apt-get when missing, so <c>dotnet test</c> works on a fresh machine as the README promises; the
/// tests run as root there, as in CI. .ci/run installs the same list first, so in CI this only checks PATH.
/// </summary>
public static class DebianPackage
{
    // Several test assemblies run at once and may install at the same moment: apt-get waits for dpkg's lock instead
    // of failing, and no install may hang a test run (a prompt, a stuck mirror).
    private static readonly TimeSpan InstallLimit = TimeSpan.FromMinutes(10);
    private static readonly Lock Gate = new();

    /// <summary>Installs <paramref name="package"/> unless <paramref name="program"/> is already on PATH.</summary>
    /// <exception cref="InvalidOperationException">The install failed or took longer than 10 minutes.</exception>
    public static void Ensure(string program, string package)
    {
        lock (Gate)
        {
            if (IsOnPath(program))
            {
                return;
            }

            var info = new ProcessStartInfo("apt-get", ["-o", "DPkg::Lock::Timeout=300", "install", "-y", "-qq", package]) { UseShellExecute = false };
            info.Environment["DEBIAN_FRONTEND"] = "noninteractive";
            using var apt = Process.Start(info) ?? throw new InvalidOperationException("apt-get did not start");
            if (!apt.WaitForExit(InstallLimit))
            {
                apt.Kill(entireProcessTree: true);
                throw new InvalidOperationException($"{program} is missing and apt-get install {package} did not finish within {InstallLimit.TotalMinutes} minutes; install {package} first");
            }

            if (apt.ExitCode != 0 || !IsOnPath(program))
            {
                throw new InvalidOperationException($"{program} is missing and apt-get install -y {package} failed; install {package} first");
            }
        }
    }

    private static bool IsOnPath(string program) =>
        Environment.GetEnvironmentVariable("PATH")?.Split(':').Any(p => File.Exists(Path.Combine(p, program))) ?? false;
}
