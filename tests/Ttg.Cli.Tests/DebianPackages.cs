using System.Diagnostics;

namespace Ttg.Cli.Tests;

/// <summary>Installs a Debian package whose program a test needs when it is missing (tests run as root, like CI).</summary>
internal static class DebianPackages
{
    public static async Task EnsureAsync(string program, string? package = null)
    {
        if (Environment.GetEnvironmentVariable("PATH")?.Split(':').Any(p => File.Exists(Path.Combine(p, program))) ?? false)
        {
            return;
        }

        using var apt = Process.Start("apt-get", $"install -y {package ?? program}") ?? throw new InvalidOperationException("apt-get did not start");
        await apt.WaitForExitAsync();
        Assert.True(apt.ExitCode == 0, $"{program} is missing and apt-get install -y {package ?? program} failed");
    }
}
