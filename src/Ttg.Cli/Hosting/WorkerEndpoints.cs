using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Ttg.Telemetry;
using Ttg.Workers;
using HttpResults = Microsoft.AspNetCore.Http.Results;

namespace Ttg.Cli.Hosting;

/// <summary>
/// The worker's HTTP face for orchestrators, on one Kestrel server: <c>/healthz</c> (200 while the loop runs and
/// the backend answered recently), <c>/readyz</c>, and Prometheus <c>/metrics</c> (the <see cref="TtgMetrics"/>
/// instruments). The health port and the metrics port may differ (Kubernetes probes one, Prometheus scrapes the
/// other) or be the same; every path answers on each.
/// </summary>
internal sealed class WorkerEndpoints : IAsyncDisposable
{
    private readonly IAsyncDisposable? _app;

    private WorkerEndpoints(IAsyncDisposable? app) => _app = app;

    /// <summary>
    /// Starts serving on every port given (none: nothing is served). Throws <see cref="CliException"/> when a port
    /// cannot be bound, naming it.
    /// </summary>
    public static WorkerEndpoints Start(int? healthPort, int? metricsPort, Worker worker, ILoggerFactory loggerFactory)
    {
        var ports = new[] { healthPort, metricsPort }.OfType<int>().Distinct().ToArray();
        return ports.Length == 0 ? new WorkerEndpoints(null) : new WorkerEndpoints(Serve(ports, worker, loggerFactory));
    }

    // Kept apart so a worker without ports never loads ASP.NET Core: its start-up stays as quick as before.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static IAsyncDisposable Serve(int[] ports, Worker worker, ILoggerFactory loggerFactory)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders(); // the worker logs its own lines; request logs would drown them
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            foreach (var port in ports)
            {
                kestrel.ListenAnyIP(port);
            }
        });
        builder.Services.AddPrometheusMetrics("ttg-worker", TtgMetrics.MeterName);
        var app = builder.Build();
        app.MapMetrics();
        // Liveness fails only when restarting helps (a fault, a stuck stage); an outage makes the worker unready, not dead.
        app.MapGet("/healthz", () => worker.Health is { Live: true }
            ? HttpResults.Text("ok\n")
            : HttpResults.Text($"{worker.Health.Reason}\n", statusCode: StatusCodes.Status503ServiceUnavailable));
        app.MapGet("/readyz", () => worker.Health is { Ready: true }
            ? HttpResults.Text("ready\n")
            : HttpResults.Text($"{worker.Health.Reason}\n", statusCode: StatusCodes.Status503ServiceUnavailable));
        app.MapFallback(() => HttpResults.Text("try /healthz, /readyz or /metrics\n", statusCode: StatusCodes.Status404NotFound));
        try
        {
            // Start-up is the only synchronous wait: the worker must not begin before its probes answer.
            app.StartAsync().GetAwaiter().GetResult();
        }
        catch (IOException ex)
        {
            loggerFactory.CreateLogger<WorkerEndpoints>().LogDebug(ex, "Binding the worker's endpoints failed");
            app.DisposeAsync().AsTask().GetAwaiter().GetResult();
            throw new CliException($"Cannot serve health or metrics on port {string.Join(" or ", ports)}: it is in use or not allowed; pass another --health-port or --metrics-port.", ExitCodes.BadInput);
        }

        TtgMetrics.Shared.PublishZeros();
        return new StopThenDispose(app);
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Stops the server gracefully (in-flight scrapes answer) before disposing it.</summary>
    private sealed class StopThenDispose(WebApplication app) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await app.StopAsync(CancellationToken.None).ConfigureAwait(false);
            await app.DisposeAsync().ConfigureAwait(false);
        }
    }
}
