using System.CommandLine;
using Microsoft.Extensions.Logging;
using Ttg.Cli.Hosting;
using Ttg.Cli.Options;
using Ttg.WorkQueue;
using Ttg.Workers;
using Ttg.Workers.Faults;

namespace Ttg.Cli.Commands;

/// <summary>
/// <c>ttg worker</c>: lease and compute chunks until stopped (queue mode), or compute one fixed slice of a job
/// (<c>--static</c>, the original's M1 mode, e.g. one pod of a Kubernetes Indexed Job).
/// </summary>
internal static class WorkerCommand
{
    public static Command Create(CliServices services)
    {
        var o = new WorkerFlags();
        var spec = new JobSpecOptions();
        var backend = services.NewBackendOptions();
        var logging = services.NewLoggingOptions();
        var command = new Command("worker", "Run a worker: lease chunks, compute, heartbeat, retry; stop gracefully on SIGTERM");
        o.AddTo(command);
        spec.AddTo(command);
        backend.AddTo(command);
        logging.AddTo(command);
        command.SetAction(async (parse, _) =>
        {
            // The host handles SIGTERM once it runs; this catches one that comes while the store opens or a slice is prepared.
            using var signal = new ShutdownSignal();
            using var parentWatch = ParentWatch.FromEnvironment(services.Time, signal.Request); // under ttg run: stop when it is gone
            using var loggerFactory = logging.CreateFactory(parse, LogLevel.Information);
            var options = o.ToWorkerOptions(parse);
            var isStatic = parse.GetValue(o.Static);
            await using var store = await OpenUnlessStoppedAsync(backend, parse, loggerFactory, signal).ConfigureAwait(false);
            if (store is null)
            {
                return StoppedBeforeStart(loggerFactory, isStatic);
            }

            if (isStatic)
            {
                var jobId = await StaticSlice.PrepareAsync(parse, o, spec, store, services, signal.Token).ConfigureAwait(false);
                options.JobIds = [jobId];
                options.ExitWhenIdle = true;
            }
            else if (o.JobFilter(parse) is { } onlyJob)
            {
                options.JobIds = [onlyJob];
            }

            using var worker = new Worker(store, services.Registry, options, loggerFactory.CreateLogger<Worker>(), services.Time);
            await using var endpoints = WorkerEndpoints.Start(o.HealthPort(parse), o.MetricsPort(parse), worker, loggerFactory);
            // A stop that came while the store was opening still stops the worker the graceful way, once it runs.
            var report = await WorkerHost.RunAsync(worker, options, loggerFactory, signal.Token).ConfigureAwait(false);
            if (report is null)
            {
                return StoppedBeforeStart(loggerFactory, isStatic);
            }

            // A queue worker exits 0 once there is no work left for it, whatever the job's outcome (ttg watch and
            // ttg results report that), so an orchestrator never restarts it in vain. A static slice is its own
            // job: it reports failed parameters with their exit code.
            if (report.Fault is { } fault)
            {
                return ExitCodeOf(fault);
            }

            if (worker.HungParameter is not null)
            {
                return ExitCodes.WorkerAbandonedParameter;
            }

            return isStatic && report.ParametersFailed > 0 ? ExitCodes.ParametersFailed : ExitCodes.Success;
        });
        return command;
    }

    /// <summary>The store, or null when a stop signal came while it was opening.</summary>
    private static async Task<ITtgBackend?> OpenUnlessStoppedAsync(BackendOptions backend, ParseResult parse, ILoggerFactory loggerFactory, ShutdownSignal signal)
    {
        try
        {
            return await backend.OpenAsync(parse, loggerFactory, signal.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (signal.Requested)
        {
            return null;
        }
    }

    /// <summary>
    /// A stop signal that came before the worker ran (a pod terminated while it was still connecting): a queue
    /// worker held nothing, so this is the clean stop an orchestrator expects (exit 0); a static slice was not computed.
    /// </summary>
    private static int StoppedBeforeStart(ILoggerFactory loggerFactory, bool isStatic)
    {
        loggerFactory.CreateLogger<Worker>().LogInformation("Stopping: a stop signal came before the worker started; it holds no chunks.");
        return isStatic ? ExitCodes.Interrupted : ExitCodes.Success;
    }

    /// <summary>An unusable store is exit 4, as for every verb; a machine that cannot compute is 7; a worker bug is 1.</summary>
    private static int ExitCodeOf(WorkerFault fault) => fault.Kind switch
    {
        WorkerFaultKind.Store => ExitCodes.BackendUnavailable,
        WorkerFaultKind.Setup or WorkerFaultKind.Environment => ExitCodes.WorkerFault,
        _ => ExitCodes.Error,
    };
}
