using Ttg.Computations;
using Ttg.Testing;

namespace Ttg.Cli.Tests;

/// <summary>Runs the command line in this process with the built-in computations, capturing its output.</summary>
internal static class InProcessTtg
{
    // Every verb run here ends in seconds; one that does not fails its test with what it printed so far, instead of
    // holding the test run until the blame collector ends it without the output.
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(3);

    public static Task<ProcessResult> RunAsync(params string[] args) => RunAsync(new ComputationRegistry().AddBuiltIns(), args);

    /// <summary>Runs the command line with <paramref name="registry"/>'s computations instead of the built-in ones.</summary>
    public static async Task<ProcessResult> RunAsync(ComputationRegistry registry, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        // Synchronized: a verb still running past the limit may write while the failure message reads.
        var (sharedOutput, sharedError) = (TextWriter.Synchronized(output), TextWriter.Synchronized(error));
        var running = TtgCommandLine.RunAsync(args, registry, sharedOutput, sharedError);
        try
        {
            return new ProcessResult(await running.WaitAsync(Limit), output.ToString(), error.ToString());
        }
        catch (TimeoutException) when (!running.IsCompleted) // the verb's own TimeoutException passes as it is
        {
            string printed;
            lock (sharedOutput)
            {
                lock (sharedError)
                {
                    printed = $"stdout:\n{output}\nstderr:\n{error}";
                }
            }

            throw new TimeoutException($"ttg {string.Join(' ', args)} did not return within {Limit}.\n{printed}");
        }
    }
}
