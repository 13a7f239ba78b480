using System.Net;
using System.Text;
using Microsoft.Extensions.Logging;
using Prometheus;
using Ttg.Workers;

namespace Ttg.Cli.Hosting;

/// <summary>
/// The worker's HTTP face for orchestrators: <c>/healthz</c> (200 while the loop runs and the backend answered
/// recently), <c>/readyz</c>, and Prometheus <c>/metrics</c>. Served by HttpListener to keep the image small.
/// </summary>
internal sealed class WorkerEndpoints : IAsyncDisposable
{
    /// <summary>How long the backend may stay silent before the worker reports itself unhealthy.</summary>
    private static readonly TimeSpan BackendSilenceLimit = TimeSpan.FromSeconds(60);

    private readonly List<HttpListener> _listeners = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _loops = [];
    private readonly Worker _worker;
    private readonly ILogger _logger;
    private readonly CollectorRegistry _registry = Metrics.NewCustomRegistry();

    private WorkerEndpoints(Worker worker, ILogger logger)
    {
        _worker = worker;
        _logger = logger;
        var factory = Metrics.WithCustomRegistry(_registry);
        var succeeded = factory.CreateGauge("ttg_worker_parameters_succeeded", "Parameters this worker recorded with a result");
        var failed = factory.CreateGauge("ttg_worker_parameters_failed", "Parameters this worker recorded as failed");
        var chunks = factory.CreateGauge("ttg_worker_chunks_completed", "Chunks this worker completed");
        var inFlight = factory.CreateGauge("ttg_worker_chunks_in_flight", "Chunks leased and not yet completed");

        // Monotonic totals as counters, so rate() and increase() work across scrapes (the gauges above stay for
        // existing dashboards). They restart at 0 with the process, which Prometheus treats as a counter reset.
        var counters = new (Counter Counter, Func<WorkerStats, long> Read)[]
        {
            (factory.CreateCounter("ttg_worker_parameters_succeeded_total", "Parameters this worker recorded with a result"), s => s.ParametersSucceeded),
            (factory.CreateCounter("ttg_worker_parameters_failed_total", "Parameters this worker recorded as failed"), s => s.ParametersFailed),
            (factory.CreateCounter("ttg_worker_chunks_completed_total", "Chunks this worker completed"), s => s.ChunksCompleted),
            (factory.CreateCounter("ttg_worker_chunk_retries_total", "Chunk attempts that failed and were retried"), s => s.Retries),
            (factory.CreateCounter("ttg_worker_chunk_splits_total", "Exhausted chunks split to isolate a poison parameter"), s => s.Splits),
            (factory.CreateCounter("ttg_worker_leases_lost_total", "Leases lost to expiry before the chunk was completed"), s => s.LeasesLost),
            (factory.CreateCounter("ttg_worker_chunks_released_total", "Chunks handed back unfinished at shutdown"), s => s.ChunksReleased),
        };
        _registry.AddBeforeCollectCallback(() =>
        {
            succeeded.Set(worker.Stats.ParametersSucceeded);
            failed.Set(worker.Stats.ParametersFailed);
            chunks.Set(worker.Stats.ChunksCompleted);
            inFlight.Set(worker.Stats.InFlight);
            foreach (var (counter, read) in counters)
            {
                counter.IncTo(read(worker.Stats));
            }
        });
    }

    public static WorkerEndpoints Start(int? healthPort, int? metricsPort, Worker worker, ILoggerFactory loggerFactory)
    {
        var endpoints = new WorkerEndpoints(worker, loggerFactory.CreateLogger<WorkerEndpoints>());
        foreach (var port in new[] { healthPort, metricsPort }.OfType<int>().Distinct())
        {
            var listener = new HttpListener();
            listener.Prefixes.Add($"http://+:{port}/");
            listener.Start();
            endpoints._listeners.Add(listener);
            endpoints._loops.Add(Task.Run(() => endpoints.ServeAsync(listener)));
        }

        return endpoints;
    }

    private async Task ServeAsync(HttpListener listener)
    {
        while (!_stop.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync().ConfigureAwait(false);
            }
            catch (Exception) when (_stop.IsCancellationRequested)
            {
                return;
            }
            catch (HttpListenerException ex)
            {
                _logger.LogWarning(ex, "Health endpoint stopped");
                return;
            }

            try
            {
                await RespondAsync(context).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is HttpListenerException or IOException or ObjectDisposedException)
            {
                // The client went away; nothing to do.
            }
        }
    }

    private async Task RespondAsync(HttpListenerContext context)
    {
        var response = context.Response;
        switch (context.Request.Url?.AbsolutePath)
        {
            case "/metrics":
                response.ContentType = "text/plain; version=0.0.4";
                await _registry.CollectAndExportAsTextAsync(response.OutputStream).ConfigureAwait(false);
                break;
            case "/healthz":
                await WriteAsync(response, IsHealthy() ? 200 : 503, IsHealthy() ? "ok" : "worker loop stopped or backend silent").ConfigureAwait(false);
                break;
            case "/readyz":
                await WriteAsync(response, _worker.Stats.Running ? 200 : 503, _worker.Stats.Running ? "ready" : "not running").ConfigureAwait(false);
                break;
            default:
                await WriteAsync(response, 404, "try /healthz, /readyz or /metrics").ConfigureAwait(false);
                break;
        }

        response.Close();
    }

    private bool IsHealthy()
    {
        if (!_worker.Stats.Running)
        {
            return false;
        }

        var last = _worker.Stats.LastBackendContact;
        return last == 0 || TimeProvider.System.GetElapsedTime(last) < BackendSilenceLimit;
    }

    private static async Task WriteAsync(HttpListenerResponse response, int status, string body)
    {
        response.StatusCode = status;
        response.ContentType = "text/plain";
        var bytes = Encoding.UTF8.GetBytes(body + "\n");
        await response.OutputStream.WriteAsync(bytes).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        foreach (var listener in _listeners)
        {
            listener.Close();
        }

        await Task.WhenAll(_loops).ConfigureAwait(false);
        _stop.Dispose();
    }
}
