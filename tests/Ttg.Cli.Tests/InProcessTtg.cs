using Ttg.Computations;
using Ttg.Testing;

namespace Ttg.Cli.Tests;

/// <summary>Runs the command line in this process with the built-in computations, capturing its output.</summary>
internal static class InProcessTtg
{
    public static async Task<ProcessResult> RunAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await TtgCommandLine.RunAsync(args, new ComputationRegistry().AddBuiltIns(), output, error);
        return new ProcessResult(code, output.ToString(), error.ToString());
    }
}
