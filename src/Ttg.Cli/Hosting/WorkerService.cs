using Microsoft.Extensions.Hosting;
using Ttg.Workers;

namespace Ttg.Cli.Hosting;

/// <summary>
/// Runs one <see cref="Worker"/> as the Generic Host's background service: the host turns SIGTERM and Ctrl+C
/// into the stopping token and waits for the worker's grace period; a worker that ends on its own (no work
/// left, a worker fault, a hung parameter) stops the host.
/// </summary>
internal sealed class WorkerService(Worker worker, IHostApplicationLifetime lifetime, CancellationToken stopRequested) : BackgroundService
{
    /// <summary>What the worker did, once it stopped.</summary>
    public WorkerReport? Report { get; private set; }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            // A stop asked for outside the host (a signal before it ran, the parent gone) stops the worker the same graceful way.
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, stopRequested);
            Report = await worker.RunAsync(stop.Token).ConfigureAwait(false);
        }
        finally
        {
            lifetime.StopApplication();
        }
    }
}
