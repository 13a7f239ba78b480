using System.CommandLine;
using Microsoft.Extensions.Logging;
using Ttg.Cli.Options;
using Ttg.WorkQueue;

namespace Ttg.Cli.Commands;

/// <summary>The shape most verbs share: backend and logging flags, open the backend, run, close it.</summary>
internal static class BackendCommand
{
    public static Command Create(
        CliServices services,
        string name,
        string description,
        Action<Command> addOptions,
        Func<ParseResult, ITtgBackend, CancellationToken, Task<int>> body,
        LogLevel defaultLevel = LogLevel.Warning) =>
        Create(services, name, description, addOptions, static _ => true, (parse, _, store, ct) => body(parse, store, ct), defaultLevel);

    /// <summary>
    /// The same, with the verb's own input checked by <paramref name="validate"/> before the backend is opened, so
    /// bad input never creates or touches a store.
    /// </summary>
    public static Command Create<TInput>(
        CliServices services,
        string name,
        string description,
        Action<Command> addOptions,
        Func<ParseResult, TInput> validate,
        Func<ParseResult, TInput, ITtgBackend, CancellationToken, Task<int>> body,
        LogLevel defaultLevel = LogLevel.Warning)
    {
        var command = new Command(name, description);
        var backend = services.NewBackendOptions();
        var logging = services.NewLoggingOptions();
        addOptions(command);
        backend.AddTo(command);
        logging.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var input = validate(parse);
            using var loggerFactory = logging.CreateFactory(parse, defaultLevel);
            await using var store = await backend.OpenAsync(parse, loggerFactory, cancellationToken).ConfigureAwait(false);
            return await body(parse, input, store, cancellationToken).ConfigureAwait(false);
        });
        return command;
    }

    /// <summary>The job, or a one-line error naming how to list the jobs.</summary>
    public static async Task<JobInfo> RequireJobAsync(ITtgBackend store, string jobId, CancellationToken cancellationToken) =>
        await store.GetJobAsync(jobId, cancellationToken).ConfigureAwait(false)
        ?? throw new CliException($"No job '{jobId}' in {store.Description}; `ttg jobs` lists the jobs there.", ExitCodes.BadInput);
}
