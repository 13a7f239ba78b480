using System.Globalization;

namespace Ttg.Testing;

/// <summary>
/// A private redis-server that also serves TLS, with a certificate signed by a throwaway certificate authority
/// made with openssl: the setting of a self-hosted Redis behind a private CA.
/// </summary>
public sealed class RedisTlsServer : IAsyncDisposable
{
    private readonly RedisServerProcess _server;
    private readonly string _directory;

    private RedisTlsServer(RedisServerProcess server, int tlsPort, string directory)
    {
        _server = server;
        TlsPort = tlsPort;
        _directory = directory;
    }

    /// <summary>The TLS port.</summary>
    public int TlsPort { get; }

    /// <summary>The TLS URL, <c>rediss://127.0.0.1:PORT</c>.</summary>
    public string TlsUrl => $"rediss://127.0.0.1:{TlsPort.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>The PEM file of the CA that signed the server's certificate.</summary>
    public string CaFile => Path.Combine(_directory, "ca.crt");

    /// <summary>Makes the CA and the server certificate (for IP 127.0.0.1), then starts the server.</summary>
    public static async Task<RedisTlsServer> StartAsync()
    {
        var directory = Directory.CreateTempSubdirectory("ttg-redis-tls-").FullName;
        await File.WriteAllTextAsync(Path.Combine(directory, "san.ext"), "subjectAltName=IP:127.0.0.1\n");
        await OpenSslAsync(directory, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.crt", "-days", "2", "-subj", "/CN=ttg-test-ca");
        await OpenSslAsync(directory, "req", "-newkey", "rsa:2048", "-nodes", "-keyout", "server.key", "-out", "server.csr", "-subj", "/CN=127.0.0.1");
        await OpenSslAsync(directory, "x509", "-req", "-in", "server.csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial", "-out", "server.crt", "-days", "2", "-extfile", "san.ext");

        var tlsPort = LoopbackPort.Free();
        var server = await RedisServerProcess.StartAsync(LoopbackPort.Free(),
        [
            "--tls-port", tlsPort.ToString(CultureInfo.InvariantCulture),
            "--tls-cert-file", Path.Combine(directory, "server.crt"),
            "--tls-key-file", Path.Combine(directory, "server.key"),
            "--tls-ca-cert-file", Path.Combine(directory, "ca.crt"),
            "--tls-auth-clients", "no",
        ]);
        return new RedisTlsServer(server, tlsPort, directory);
    }

    /// <summary>Stops the server by its pid and deletes the certificates.</summary>
    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    private static async Task OpenSslAsync(string directory, params string[] arguments)
    {
        using var openssl = ChildProcess.Start("openssl", arguments, directory);
        var result = await openssl.WaitAsync(TimeSpan.FromSeconds(60));
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"openssl {string.Join(' ', arguments)} failed: {result}");
        }
    }
}
