using System.Globalization;
using k8s.Models;

namespace Ttg.Deploy.Tests;

/// <summary>
/// The bubblewrap command line that confines a process the way a pod's securityContext confines its container: the
/// pod's user and group, a read-only root filesystem with only the container's volume mounts writable (each an empty
/// tmpfs, like emptyDir), no capabilities, a clean environment, its own IPC and hostname. The network is whatever
/// namespace bwrap is started in (see <see cref="LoopbackOnlyNetwork"/>).
/// </summary>
internal static class PodSandbox
{
    /// <summary>The command line (setpriv, then bwrap and its options) to put before the container's own command and "--".</summary>
    public static string[] Arguments(V1PodSpec pod, V1Container container)
    {
        var security = container.SecurityContext;
        Assert.True(security?.ReadOnlyRootFilesystem == true, $"{container.Name}: the sandbox assumes readOnlyRootFilesystem");
        Assert.Contains("ALL", security!.Capabilities?.Drop ?? []);
        var uid = security.RunAsUser ?? pod.SecurityContext?.RunAsUser ?? throw new Xunit.Sdk.XunitException("no runAsUser");
        var gid = security.RunAsGroup ?? pod.SecurityContext?.RunAsGroup ?? uid;

        // setpriv makes the process that uid and gid for real (as a kubelet does); bwrap then needs its own user namespace
        // only to mount, mapping the same ids, and drops every capability.
        var arguments = new List<string>
        {
            "setpriv", "--reuid", uid.ToString(CultureInfo.InvariantCulture), "--regid", gid.ToString(CultureInfo.InvariantCulture), "--clear-groups", "--",
            "bwrap", "--unshare-user", "--uid", uid.ToString(CultureInfo.InvariantCulture), "--gid", gid.ToString(CultureInfo.InvariantCulture),
            "--unshare-ipc", "--unshare-uts", "--die-with-parent", "--cap-drop", "ALL",
            "--ro-bind", "/", "/", "--dev", "/dev", "--proc", "/proc",
        };
        foreach (var mount in container.VolumeMounts ?? [])
        {
            arguments.AddRange(["--tmpfs", mount.MountPath]);
        }

        // The program stands where the image's /app would: never under a volume. A checkout under /tmp would otherwise
        // be hidden by the /tmp volume's tmpfs, so its build output is bound again, read-only, over the mounts.
        var program = AppContext.BaseDirectory.TrimEnd('/');
        arguments.AddRange(["--ro-bind", program, program]);

        // The image's environment (deploy/docker/Dockerfile ENV), nothing inherited from this machine.
        arguments.AddRange(["--clearenv", "--setenv", "PATH", "/usr/local/bin:/usr/bin:/bin", "--setenv", "TMPDIR", "/tmp",
            "--setenv", "DOTNET_CLI_TELEMETRY_OPTOUT", "1", "--setenv", "DOTNET_gcServer", "0", "--chdir", "/tmp"]);
        return [.. arguments];
    }
}
