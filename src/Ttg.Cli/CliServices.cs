using Ttg.Cli.Options;

namespace Ttg.Cli;

/// <summary>What every verb shares: the registered computations, the clock and the console writers.</summary>
internal sealed class CliServices(ComputationRegistry registry, TextWriter output, TextWriter error)
{
    public ComputationRegistry Registry { get; } = registry;

    public TextWriter Output { get; } = output;

    public TextWriter Error { get; } = error;

    public TimeProvider Time { get; } = TimeProvider.System;

    /// <summary>The backend the verb opened (set when it is opened), so a fault found later can name its store and a printed command can reach it.</summary>
    public BackendChoice? Backend { get; set; }

    public BackendOptions NewBackendOptions() => new(this);

    public LoggingOptions NewLoggingOptions() => new();
}
