using Ttg.Jobs;

namespace Ttg.Programs;

/// <summary>
/// The two computations every TTG process has, so a worker needs no user code for them: <c>command</c> runs a
/// job's shell command once per parameter, <c>serve</c> talks to a job's long-lived program over JSON lines. A spec
/// names them through its <see cref="JobSpec.Command"/> or <see cref="JobSpec.Serve"/> field.
/// </summary>
public static class ProgramComputations
{
    /// <summary>The reserved computation name of <see cref="JobSpec.Command"/> jobs.</summary>
    public const string CommandName = "command";

    /// <summary>The reserved computation name of <see cref="JobSpec.Serve"/> jobs.</summary>
    public const string ServeName = "serve";

    /// <summary>
    /// Registers <c>command</c> and <c>serve</c> unless already there. Their program line reaches them as the job
    /// argument of the same name, which <see cref="JobPlan"/> sets from the spec.
    /// </summary>
    public static ComputationRegistry AddPrograms(this ComputationRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        if (!registry.Contains(CommandName))
        {
            registry.AddConfigured(CommandName, CommandComputation.Create, "Runs the job's command once per parameter; its last stdout line is the result.");
        }

        if (!registry.Contains(ServeName))
        {
            registry.AddConfigured(ServeName, ServeComputation.Create, "Sends parameters to the job's serve program (one per compute slot) over JSON lines.");
        }

        return registry;
    }

    /// <summary>
    /// Checks that a spec names one thing to run and points a <see cref="JobSpec.Command"/> or <see cref="JobSpec.Serve"/>
    /// spec at its reserved computation.
    /// </summary>
    /// <exception cref="JobSpecException">Both fields are set, one is blank, or a different computation is named too.</exception>
    internal static JobSpec Resolve(JobSpec spec)
    {
        if (spec.Command is not null && spec.Serve is not null)
        {
            throw JobSpecException.About($"Both {SpecField.Command} and {SpecField.Serve} given; pass one: {SpecField.Command} runs a process per parameter, {SpecField.Serve} one program per compute slot");
        }

        var (field, line, name) = spec.Command is not null ? (SpecField.Command, spec.Command, CommandName) : (SpecField.Serve, spec.Serve, ServeName);
        if (line is null)
        {
            return spec;
        }

        if (string.IsNullOrWhiteSpace(line))
        {
            throw JobSpecException.About($"{field} is empty; pass the program to run, for example {field.Set("'python3 model.py'")}");
        }

        if (!string.IsNullOrWhiteSpace(spec.Computation) && spec.Computation != name)
        {
            throw JobSpecException.About($"Computation '{spec.Computation}' and {field} both given; pass either a registered computation or {field}, not both");
        }

        return spec with { Computation = name };
    }

    /// <summary>In-flight parameters per chunk for <paramref name="spec"/>: its own setting, else the default of its kind.</summary>
    public static int AsyncConcurrencyOf(JobSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return spec.AsyncConcurrency ?? (spec.Command is not null ? 1 : spec.Serve is not null ? JobSpec.DefaultServeConcurrency : JobSpec.DefaultAsyncConcurrency);
    }

    /// <summary>The spec's arguments plus its program line under the reserved computation's name.</summary>
    internal static IEnumerable<KeyValuePair<string, string>> WithProgramArgument(JobSpec spec)
    {
        var arguments = new Dictionary<string, string>(spec.Arguments, StringComparer.OrdinalIgnoreCase);
        if (spec.Command is { } command)
        {
            arguments[CommandName] = command;
        }

        if (spec.Serve is { } serve)
        {
            arguments[ServeName] = serve;
            if (spec.Timeout is { } limit)
            {
                arguments[ServeComputation.TimeLimitArgument] = limit.TotalSeconds.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        return arguments;
    }
}
