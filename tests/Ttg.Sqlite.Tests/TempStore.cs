namespace Ttg.Sqlite.Tests;

/// <summary>A temporary directory holding store files; deleted with the fixture.</summary>
public sealed class TempStore : IDisposable
{
    public TempStore()
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("ttg-sqlite-").FullName;
    }

    public string Directory { get; }

    public string PathOf(string name) => Path.Combine(Directory, name);

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A file kept read-only by a test may resist; the OS cleans the temp directory eventually.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
