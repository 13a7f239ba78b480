using System.Diagnostics;

namespace Ttg.Testing;

/// <summary>
/// Makes sure redis-server is on PATH, so <c>dotnet test</c> works on a fresh machine (the README promises it);
/// containers for these tests run as root, which is what apt-get needs.
/// </summary>
internal static class RedisServerInstallation
{
    public static void Ensure()
    {
        var onPath = Environment.GetEnvironmentVariable("PATH")?.Split(':').Any(p => File.Exists(Path.Combine(p, "redis-server"))) ?? false;
        if (onPath)
        {
            return;
        }

        using var apt = Process.Start("apt-get", "install -y redis-server") ?? throw new InvalidOperationException("apt-get did not start");
        apt.WaitForExit();
        if (apt.ExitCode != 0)
        {
            throw new InvalidOperationException("redis-server is missing and apt-get install -y redis-server failed");
        }
    }
}
