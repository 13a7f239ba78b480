using System.Diagnostics;

namespace Ttg.Sqlite.Tests;

/// <summary>
/// Makes a file read-only for the current user and restores it on dispose. Permission bits do not stop
/// root, so as root the file is marked immutable with chattr instead.
/// </summary>
internal sealed class ReadOnlyFile : IDisposable
{
    private readonly string _path;
    private readonly bool _immutable;

    private ReadOnlyFile(string path, bool immutable)
    {
        _path = path;
        _immutable = immutable;
    }

    public static ReadOnlyFile Make(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            File.SetAttributes(path, FileAttributes.ReadOnly);
            return new ReadOnlyFile(path, immutable: false);
        }

        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        if (!IsWritable(path))
        {
            return new ReadOnlyFile(path, immutable: false);
        }

        Chattr("+i", path);
        Assert.False(IsWritable(path), "The file stayed writable after chmod and chattr +i.");
        return new ReadOnlyFile(path, immutable: true);
    }

    public void Dispose()
    {
        if (_immutable)
        {
            Chattr("-i", _path);
        }

        if (OperatingSystem.IsWindows())
        {
            File.SetAttributes(_path, FileAttributes.Normal);
            return;
        }

        File.SetUnixFileMode(_path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
    }

    private static bool IsWritable(string path)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.ReadWrite);
            return true;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
        catch (IOException)
        {
            return false;
        }
    }

    private static void Chattr(string flag, string path)
    {
        using var process = Process.Start(new ProcessStartInfo("chattr", [flag, path]) { RedirectStandardError = true })!;
        // chattr returns at once; one stuck on the file system fails the test instead of holding the run.
        var limit = TimeSpan.FromMinutes(1);
        if (!process.WaitForExit(limit))
        {
            process.Kill();
            Assert.Fail($"chattr {flag} {path} did not exit within {limit}");
        }

        Assert.True(process.ExitCode == 0, $"chattr {flag} failed: {process.StandardError.ReadToEnd()}");
    }
}
