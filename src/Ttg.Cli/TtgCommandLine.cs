using System.CommandLine;
using Ttg.Cli.Commands;
using Ttg.Jobs;
using Ttg.Programs;
using Ttg.Sqlite;
using Ttg.WorkQueue;

namespace Ttg.Cli;

/// <summary>
/// The whole <c>ttg</c> command line as a library. A user's console project registers its computations and
/// hands over its arguments: <c>return await TtgCommandLine.RunAsync(args, r => r.Add("mine", p => ...));</c>
/// </summary>
public static class TtgCommandLine
{
    /// <summary>Runs the command line with the computations <paramref name="register"/> adds; returns the exit code (see <see cref="ExitCodes"/>).</summary>
    public static Task<int> RunAsync(string[] args, Action<ComputationRegistry>? register = null)
    {
        var registry = new ComputationRegistry();
        register?.Invoke(registry);
        return RunAsync(args, registry, Console.Out, Console.Error);
    }

    /// <summary>Runs the command line with <paramref name="registry"/>, writing to the given writers; returns the exit code.</summary>
    public static async Task<int> RunAsync(string[] args, ComputationRegistry registry, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(registry);

        // --command and --serve jobs run on any worker, whatever the user registered.
        registry.AddPrograms();
        var services = new CliServices(registry, output, error);
        var root = BuildRoot(services);
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0 && args.Length > 0)
        {
            // One line naming the flag, not the parser's type names and the whole help (`ttg VERB --help` shows it).
            await error.WriteLineAsync($"error: {ParseErrors.Describe(parse)}").ConfigureAwait(false);
            return ExitCodes.BadInput;
        }


        // Signals are handled by the verbs themselves (workers need a grace period, not an abrupt cancel).
        var configuration = new InvocationConfiguration { Output = output, Error = error, ProcessTerminationTimeout = null, EnableDefaultExceptionHandler = false };
        try
        {
            var code = await parse.InvokeAsync(configuration).ConfigureAwait(false);
            return parse.Errors.Count > 0 ? ExitCodes.BadInput : code;
        }
        catch (Exception ex)
        {
            var (message, code) = Describe(ex, services.Backend is { IsRedis: false } sqlite ? sqlite.Location : null);
            await error.WriteLineAsync($"error: {message}").ConfigureAwait(false);
            return code;
        }
    }

    internal static RootCommand BuildRoot(CliServices services)
    {
        var root = new RootCommand("TTG: compute f(p) for millions of parameters over many workers, surviving worker death, each result recorded exactly once.");
        foreach (var command in new[]
        {
            RunCommand.Create(services),
            SubmitCommand.Create(services),
            WorkerCommand.Create(services),
            StatusCommand.Create(services),
            WatchCommand.Create(services),
            ResultsCommand.Create(services),
            ReportCommand.Create(services),
            Dashboard.DashboardCommand.Create(services),
            JobsCommand.Create(services),
            CancelCommand.Create(services),
            PauseCommand.CreatePause(services),
            PauseCommand.CreateResume(services),
            RetryCommand.Create(services),
            DeleteCommand.Create(services),
            ComputationsCommand.Create(services),
            EnvCommand.Create(services),
        })
        {
            root.Subcommands.Add(command);
        }

        Options.ContributedFlags.Install(root, services.Registry);
        Options.NumericOptions.Harden(root);
        return root;
    }

    /// <summary>Maps an exception to the one line the user sees and the exit code.</summary>
    internal static (string Message, int Code) Describe(Exception exception, string? store = null) => exception switch
    {
        _ when SqliteBackend.DescribeFault(exception, store ?? "in use") is { } fault => (fault, ExitCodes.BackendUnavailable),
        CliException cli => (cli.Message, cli.ExitCode),
        JobSpecException spec => (spec.Render(Options.CliSpecFields.Instance), ExitCodes.BadInput),
        BackendException backend => (backend.Message, ExitCodes.BackendUnavailable),
        FileNotFoundException missing => ($"File not found: {missing.FileName ?? missing.Message}; check the path.", ExitCodes.BadInput),
        UnauthorizedAccessException denied => ($"{denied.Message} Check the file's permissions or pick another path.", ExitCodes.BadInput),
        OperationCanceledException => ("Interrupted; results computed so far are kept.", ExitCodes.Interrupted),
        _ => ($"{exception.GetType().Name}: {exception.Message}", ExitCodes.Error),
    };
}
