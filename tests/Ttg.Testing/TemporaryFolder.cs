namespace Ttg.Testing;

/// <summary>A fresh folder under the system's temporary folder, deleted with everything in it on dispose.</summary>
public sealed class TemporaryFolder : IDisposable
{
    /// <summary>Creates the folder; its name starts with <paramref name="prefix"/>.</summary>
    public TemporaryFolder(string prefix) => Path = Directory.CreateTempSubdirectory(prefix).FullName;

    /// <summary>The folder's full path.</summary>
    public string Path { get; }

    /// <summary>Deletes the folder; a file still held open elsewhere leaves it behind rather than failing the test.</summary>
    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
