using Ttg.Computations;

namespace Ttg.Cli.Tests;

/// <summary>The built-in computations run serially in this process: the reference a distributed run must equal.</summary>
internal static class Serial
{
    private static readonly ComputationRegistry Registry = new ComputationRegistry().AddBuiltIns();

    public static double Spin(long index) => Compute("spin", index, new() { ["work-ms"] = "0" });

    public static double Simulate(long index) => Compute("simulate", index, new() { ["work-ms"] = "0" });

    private static double Compute(string name, long index, Dictionary<string, string> arguments)
    {
        Registry.TryGet(name, out var descriptor);
        var args = new JobArguments(arguments);
        var compute = descriptor.Create(new ComputationContext("serial", args, []));
        return compute(new Parameter(index, null, args), CancellationToken.None).AsTask().GetAwaiter().GetResult().Scalar.AsDouble();
    }
}
