using Ttg.Testing;

namespace Ttg.Cli.Tests;

/// <summary>A redis-server that requires <see cref="Password"/>, and a folder to run ttg in, shared by one test class.</summary>
public sealed class PasswordRedis : IAsyncLifetime
{
    public const string Password = "s3cret-pass";

    private readonly TempFolder _folder = new();
    private RedisServerProcess? _server;

    public int Port => _server!.Port;

    public async Task InitializeAsync() => _server = await RedisServerProcess.StartWithPasswordAsync(Password);

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        _folder.Dispose();
    }

    /// <summary>Runs the real ttg binary in the folder, with <paramref name="environment"/> added to its own.</summary>
    public Task<ProcessResult> TtgAsync(IReadOnlyDictionary<string, string>? environment, params string[] args) =>
        TtgProcess.RunAsync(_folder.Path, environment, TimeSpan.FromMinutes(2), args);
}
