using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Ttg.Workers;

namespace Ttg.Cli.Hosting;

/// <summary>Builds the Generic Host a worker process runs in: console lifetime for signals, the grace period as the shutdown timeout.</summary>
internal static class WorkerHost
{
    // The host waits this much past the grace period: the worker itself cancels and releases chunks when the grace ends.
    private static readonly TimeSpan ShutdownSlack = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Runs the worker until it stops on its own, a stop signal arrives, or <paramref name="stopRequested"/> is
    /// cancelled (a signal caught before the host ran, or the parent process gone); returns its report (null if it never ran).
    /// </summary>
    public static async Task<WorkerReport?> RunAsync(Worker worker, WorkerOptions options, ILoggerFactory loggerFactory, CancellationToken stopRequested)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddSingleton(loggerFactory);
        builder.Services.AddSingleton(sp => new WorkerService(worker, sp.GetRequiredService<IHostApplicationLifetime>(), stopRequested));
        builder.Services.AddHostedService(sp => sp.GetRequiredService<WorkerService>());
        builder.Services.Configure<HostOptions>(h => h.ShutdownTimeout = options.GracePeriod + ShutdownSlack);
        builder.Services.Configure<ConsoleLifetimeOptions>(c => c.SuppressStatusMessages = true);
        using var host = builder.Build();

        var service = host.Services.GetRequiredService<WorkerService>();
        await host.StartAsync().ConfigureAwait(false);
        await host.WaitForShutdownAsync().ConfigureAwait(false);
        return service.Report;
    }
}
