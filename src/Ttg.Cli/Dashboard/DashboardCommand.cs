using System.CommandLine;
using Ttg.Cli.Commands;
using Ttg.Cli.Hosting;

namespace Ttg.Cli.Dashboard;

/// <summary><c>ttg dashboard [--port 8080] [--host 127.0.0.1] [--metrics-only]</c>: serve the live web dashboard of a store (and its job metrics) until stopped.</summary>
internal static class DashboardCommand
{
    public static Command Create(CliServices services)
    {
        var port = new Option<int?>("--port") { Description = "Port to serve on (default 8080)", HelpName = "PORT" };
        var metricsOnly = new Option<bool>("--metrics-only") { Description = "Serve only Prometheus /metrics (every job's state) and /healthz, no pages or controls" };
        var host = new Option<string?>("--host") { Description = "Address to listen on (default 127.0.0.1; 0.0.0.0 for every interface, e.g. in a pod)", HelpName = "ADDRESS" };
        return BackendCommand.Create(services, "dashboard", "Serve a live web dashboard of every job in the store: progress, failures, workers, reports, CSV downloads", c =>
        {
            c.Options.Add(port);
            c.Options.Add(host);
            c.Options.Add(metricsOnly);
        }, parse => Url(parse.GetValue(host) ?? "127.0.0.1", parse.GetValue(port) ?? 8080), async (parse, url, store, ct) =>
        {
            using var signal = new ShutdownSignal();
            await using var app = DashboardServer.Build(store, url, services.Time, parse.GetValue(metricsOnly));
            try
            {
                await app.StartAsync(signal.Token).ConfigureAwait(false);
            }
            catch (IOException ex)
            {
                throw new CliException($"Cannot serve the dashboard on {url}: {ex.Message}; pass another --port.", ExitCodes.BadInput);
            }

            services.Output.WriteLine($"Dashboard of {store.Description} at {url} (Ctrl+C to stop)");
            try
            {
                await Task.Delay(Timeout.Infinite, signal.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }

            await app.StopAsync(CancellationToken.None).ConfigureAwait(false);
            return ExitCodes.Success;
        });
    }

    private static string Url(string host, int port)
    {
        if (port is < 1 or > 65535)
        {
            throw new CliException($"--port {port} is out of range; pass a port from 1 to 65535, such as 8080.", ExitCodes.BadInput);
        }

        if (!System.Net.IPAddress.TryParse(host, out _) && host != "localhost")
        {
            throw new CliException($"--host {host} is not an IP address; pass 127.0.0.1, 0.0.0.0 or localhost.", ExitCodes.BadInput);
        }

        return $"http://{(host.Contains(':', StringComparison.Ordinal) ? $"[{host}]" : host)}:{port}";
    }
}
