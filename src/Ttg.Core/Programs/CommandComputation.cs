using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Ttg.Programs;

/// <summary>
/// The <c>command</c> computation: one process per parameter, run through <c>/bin/sh -c</c> in a process group of
/// its own. The parameter reaches it filled into the command line and as <c>TTG_INDEX</c> and <c>TTG_PARAM_NAME</c>;
/// the last line it prints on stdout is the result. A non-zero exit, a signal or an unreadable last line fails the
/// parameter (with the status and the tail of stderr); a program the shell cannot find fails the worker.
/// </summary>
internal sealed class CommandComputation
{
    private readonly string _line;
    private readonly CommandTemplate _template;
    private readonly string[] _variables;

    private CommandComputation(string line, IReadOnlyList<string> names)
    {
        _line = line;
        _template = CommandTemplate.Parse(line, names);
        _variables = [.. names.Select(VariableName)];
    }

    /// <summary>Builds the computation from the job's <c>command</c> argument.</summary>
    /// <exception cref="ArgumentException">No command, or a placeholder that names no parameter.</exception>
    public static ComputeAsync Create(ComputationContext context)
    {
        var line = context.Arguments.Get(ProgramComputations.CommandName);
        if (string.IsNullOrWhiteSpace(line))
        {
            throw new ArgumentException("The command computation needs a command line in its 'command' argument (the spec's command field, such as 'python3 sim.py --x {x}')");
        }

        return new CommandComputation(line, context.ParameterNames).ComputeAsync;
    }

    /// <summary>TTG_PARAM_ and the value's name upper-cased, every character other than a letter or digit as '_'.</summary>
    internal static string VariableName(string name)
    {
        var builder = new StringBuilder("TTG_PARAM_", 10 + name.Length);
        foreach (var c in name)
        {
            builder.Append(char.IsAsciiLetterOrDigit(c) ? char.ToUpperInvariant(c) : '_');
        }

        return builder.ToString();
    }

    private async ValueTask<Result> ComputeAsync(Parameter parameter, CancellationToken cancellationToken)
    {
        var info = ProgramProcess.StartInfo(_template.Fill(parameter));
        info.Environment["TTG_INDEX"] = parameter.Index.ToString(CultureInfo.InvariantCulture);
        for (var i = 0; i < _variables.Length; i++)
        {
            info.Environment[_variables[i]] = parameter[i].ToString();
        }

        using var process = ProgramProcess.Start(info);
        process.StandardInput.Close();
        var stderr = new StderrTail();
        var draining = stderr.DrainAsync(process.StandardError);
        var lastLine = LastLineAsync(process.StandardOutput);
        try
        {
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            // On a time limit (or a shutdown) the whole group goes; after a normal exit, so do strays it left behind.
            ProgramProcess.KillGroup(process);
        }

        var output = await lastLine.ConfigureAwait(false);
        await draining.ConfigureAwait(false);
        return Interpret(parameter.Index, process.ExitCode, output, stderr.ToString());
    }

    private Result Interpret(long index, int exitCode, string? output, string stderr)
    {
        if (ProgramProcess.IsMissingProgram(exitCode))
        {
            throw new WorkerFaultException($"the command '{ProgramResult.Shorten(_line)}' cannot run on this worker (sh exit {exitCode}: {stderr}); install the program here or run the worker where it exists");
        }

        if (exitCode != 0)
        {
            throw new ProgramFailedException($"parameter {index}: the command {ExitText(exitCode)}; stderr: {stderr}");
        }

        if (output is null)
        {
            throw new ProgramFailedException($"parameter {index}: the command exited 0 but printed nothing on stdout; print the result as its last line; stderr: {stderr}");
        }

        try
        {
            return ProgramResult.Parse(output);
        }
        catch (FormatException ex)
        {
            throw new ProgramFailedException($"parameter {index}: the command exited 0 but {ex.Message}", ex);
        }
    }

    /// <summary>"exited 3", or "was killed by signal 9 (exit 137)" for the shell's 128+n and .NET's own mapping.</summary>
    internal static string ExitText(int exitCode) =>
        exitCode > 128 && exitCode < 160 ? $"was killed by signal {exitCode - 128} (exit {exitCode})" : $"exited {exitCode}";

    private static async Task<string?> LastLineAsync(StreamReader reader)
    {
        string? last = null;
        try
        {
            while (await reader.ReadLineAsync().ConfigureAwait(false) is { } line)
            {
                if (!string.IsNullOrWhiteSpace(line))
                {
                    last = line.Trim();
                }
            }
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException)
        {
            // The pipe broke with the process; the last whole line read stands.
        }

        return last;
    }
}
