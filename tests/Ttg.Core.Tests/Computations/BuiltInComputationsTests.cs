using System.Diagnostics;
using Ttg.Computations;
using Ttg.Jobs;
using Ttg.Results;

namespace Ttg.Core.Tests.Computations;

public sealed class BuiltInComputationsTests
{
    private static readonly ComputationRegistry Registry = new ComputationRegistry().AddBuiltIns();

    [Fact]
    public void Registers_TheFourBuiltIns_WithDescriptions()
    {
        Assert.Equal(new[] { "rosenbrock", "simulate", "spin", "square" }, Registry.Names);
        Assert.All(Registry.All, d => Assert.False(string.IsNullOrWhiteSpace(d.Description)));
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(7, 49)]
    [InlineData(94_906_265, 9_007_199_136_250_225)]
    public async Task Square_IsIndexSquared(long index, long expected)
    {
        var result = await Compute("square", new Parameter(index, null));

        Assert.Equal((double)expected, result.Scalar.AsDouble());
    }

    [Fact]
    public async Task Simulate_ReturnsHalfIndexPlusOne_AndWaits()
    {
        var compute = Create("simulate", ("work-ms", "20"));
        var started = Stopwatch.GetTimestamp();

        var result = await compute(new Parameter(10, null), CancellationToken.None);

        Assert.Equal(6.0, result.Scalar.AsDouble());
        Assert.True(Stopwatch.GetElapsedTime(started) >= TimeSpan.FromMilliseconds(15));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("0.05")]
    public async Task Simulate_HandlesSubMillisecondWork(string workMs)
    {
        var result = await Create("simulate", ("work-ms", workMs))(new Parameter(4, null), CancellationToken.None);

        Assert.Equal(3.0, result.Scalar.AsDouble());
    }

    [Fact]
    public async Task Simulate_HonoursCancellation()
    {
        var compute = Create("simulate", ("work-ms", "60000"));
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(50));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await compute(new Parameter(1, null), cts.Token));
    }

    [Fact]
    public async Task Spin_BurnsCpuForWorkMs_AndReturnsSqrtOfIndex()
    {
        var compute = Create("spin", ("work-ms", "20"));
        var started = Stopwatch.GetTimestamp();

        var result = await compute(new Parameter(81, null), CancellationToken.None);

        Assert.Equal(9.0, result.Scalar.AsDouble());
        Assert.True(Stopwatch.GetElapsedTime(started) >= TimeSpan.FromMilliseconds(20));
    }

    [Fact]
    public async Task Rosenbrock_MatchesFormula_WithArguments()
    {
        var plan = JobPlan.Create(new JobSpec { Computation = "rosenbrock", Grid = "x=[0.5],y=[2]", Arguments = new Dictionary<string, string> { ["a"] = "2", ["b"] = "10" } }, Registry);
        var compute = Create("rosenbrock", plan);

        var result = await compute(new Parameter(0, plan.Space.SourceFor(0, default), plan.Arguments), CancellationToken.None);

        Assert.Equal(((2 - 0.5) * (2 - 0.5)) + (10 * (2 - 0.25) * (2 - 0.25)), result.Scalar.AsDouble(), 12);
    }

    [Fact]
    public async Task Rosenbrock_OnTheStandardGrid_IsBestAtOneOne()
    {
        var plan = JobPlan.Create(new JobSpec { Computation = "rosenbrock", Grid = "x=-2:2:401,y=-1:3:401", ChunkSize = 1000 }, Registry);
        var compute = Create("rosenbrock", plan);
        var source = plan.Space.SourceFor(0, default);
        var (best, bestIndex) = (double.PositiveInfinity, -1L);
        for (var i = 0L; i < plan.TotalParameters; i++)
        {
            var value = (await compute(new Parameter(i, source, plan.Arguments), CancellationToken.None)).Scalar.AsDouble();
            (best, bestIndex) = value < best ? (value, i) : (best, bestIndex);
        }

        Assert.Equal(0.0, best);
        Assert.Equal(1.0, source!.GetValue(bestIndex, 0).AsDouble());
        Assert.Equal(1.0, source.GetValue(bestIndex, 1).AsDouble());
    }

    [Fact]
    public void Rosenbrock_NeedsXAndY()
    {
        var descriptor = Get("rosenbrock");

        var ex = Assert.Throws<ArgumentException>(() => descriptor.Create(new ComputationContext("j", JobArguments.Empty, ["x", "z"])));

        Assert.Contains("needs parameters named x and y", ex.Message);
    }

    [Theory]
    [InlineData("square")]
    [InlineData("simulate")]
    [InlineData("spin")]
    public async Task FailOn_ThrowsEveryTime_ForListedIndices_Only(string name)
    {
        var compute = Create(name, ("fail-on", "3, 17"), ("work-ms", "0"));

        for (var attempt = 0; attempt < 2; attempt++)
        {
            var ex = await Assert.ThrowsAsync<InvalidOperationException>(async () => await compute(new Parameter(17, null), CancellationToken.None));
            Assert.Equal("poisoned parameter 17 (fail-on)", ex.Message);
        }

        var ok = await compute(new Parameter(4, null), CancellationToken.None);
        Assert.True(ok.Scalar.IsNumber);
    }

    [Fact]
    public async Task FailOn_AppliesToRosenbrock()
    {
        var plan = JobPlan.Create(new JobSpec { Computation = "rosenbrock", Grid = "x=0..1,y=0..1", Arguments = new Dictionary<string, string> { ["fail-on"] = "2" } }, Registry);
        var compute = Create("rosenbrock", plan);

        await Assert.ThrowsAsync<InvalidOperationException>(async () => await compute(new Parameter(2, plan.Space.SourceFor(0, default)), CancellationToken.None));
    }

    private static ComputationDescriptor Get(string name)
    {
        Assert.True(Registry.TryGet(name, out var descriptor));
        return descriptor;
    }

    private static ComputeAsync Create(string name, params (string Name, string Value)[] arguments) =>
        Get(name).Create(new ComputationContext("j", new JobArguments(arguments.Select(a => KeyValuePair.Create(a.Name, a.Value))), []));

    private static ComputeAsync Create(string name, JobPlan plan) =>
        Get(name).Create(new ComputationContext("j", plan.Arguments, plan.Space.Names));

    private static async Task<Result> Compute(string name, Parameter parameter) => await Create(name)(parameter, CancellationToken.None);
}
