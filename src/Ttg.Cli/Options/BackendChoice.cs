namespace Ttg.Cli.Options;

/// <summary>The backend a command will use: a SQLite path or a Redis URL, and the flags that pass it on to workers.</summary>
internal sealed record BackendChoice(bool IsRedis, string Location)
{
    public static BackendChoice ForSqlite(string path) => new(false, Path.GetFullPath(path));

    public static BackendChoice ForRedis(string url) => new(true, url);

    /// <summary>The flags that make a child worker use the same backend.</summary>
    public IReadOnlyList<string> AsArguments() => IsRedis ? ["--redis", Location] : ["--store", Location];
}
