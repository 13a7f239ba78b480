using Ttg.Testing;

namespace Ttg.Cli.Tests;

/// <summary>A real <c>ttg dashboard</c> process on a free loopback port, stopped with SIGTERM (it must exit 0).</summary>
internal sealed class DashboardProcess : IAsyncDisposable
{
    private readonly ChildProcess _process;

    private DashboardProcess(ChildProcess process, Uri root)
    {
        _process = process;
        Root = root;
    }

    /// <summary>The dashboard's address, ending in a slash.</summary>
    public Uri Root { get; }

    /// <summary>Starts the dashboard over <paramref name="store"/> and waits until <c>/healthz</c> answers.</summary>
    public static Task<DashboardProcess> StartAsync(string folder, string store, HttpClient http, params string[] extra) =>
        StartAsync(folder, store, http, null, extra);

    /// <summary>Starts the dashboard with extra environment variables (such as its own TMPDIR).</summary>
    public static async Task<DashboardProcess> StartAsync(string folder, string store, HttpClient http, IReadOnlyDictionary<string, string>? environment, params string[] extra)
    {
        var port = LoopbackPort.Free();
        var process = TtgProcess.Start(folder, environment, ["dashboard", "--store", store, "--port", port.ToString(), .. extra]);
        var dashboard = new DashboardProcess(process, new Uri($"http://127.0.0.1:{port}/"));
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            try
            {
                if ((await http.GetAsync(new Uri(dashboard.Root, "healthz"))).IsSuccessStatusCode)
                {
                    return dashboard;
                }
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline && !process.HasExited)
            {
            }

            Assert.True(DateTime.UtcNow < deadline && !process.HasExited, $"the dashboard did not start serving within 30 s: {process.Stderr}");
            await Task.Delay(100);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _process.Signal(UnixSignal.Term);
        var exit = await _process.WaitAsync(TimeSpan.FromSeconds(30));
        _process.Dispose();
        Assert.True(exit.ExitCode == 0, $"the dashboard exited {exit}");
    }
}
