using Ttg.Jobs;
using Ttg.Spaces;
using Ttg.Spaces.Sampling;

namespace Ttg.Core.Tests.Spaces.Sampling;

/// <summary>Sampled spaces: <c>--grid "x=-2:2,y=-1:3" --sample sobol:100000 --seed 7</c>.</summary>
public sealed class SampledSpaceTests
{
    private const string Axes = "x=-2:2,y=-1:3,lr=1e-5:1e-1:log";

    [Theory]
    [InlineData("sobol:100000")]
    [InlineData("lhs:100000")]
    [InlineData("random:100000")]
    public void TwoSubmissions_GiveTheSamePointAtEveryIndex_InsideTheBounds(string sample)
    {
        // Each plan goes through the stored JSON, as every worker (and a resubmission) rebuilds it.
        var first = Stored(sample, seed: 7);
        var second = Stored(sample, seed: 7);

        Assert.Equal(100_000, first.Count);
        Assert.Equal(["x", "y", "lr"], first.Names);
        for (long i = first.Count - 1; i >= 0; i--)
        {
            var x = first.GetValue(i, 0).AsDouble();
            var y = first.GetValue(i, 1).AsDouble();
            var lr = first.GetValue(i, 2).AsDouble();
            Assert.Equal(x, second.GetValue(i, 0).AsDouble());
            Assert.Equal(y, second.GetValue(i, 1).AsDouble());
            Assert.Equal(lr, second.GetValue(i, 2).AsDouble());
            Assert.InRange(x, -2, 2);
            Assert.InRange(y, -1, 3);
            Assert.InRange(lr, 1e-5, 1e-1);
        }
    }

    [Fact]
    public void LatinHypercube_PutsExactlyOnePointInEachStratum_OfEveryAxis()
    {
        const int count = 100_000;
        var sampler = UnitSampler.Create(SampleKind.LatinHypercube, count, 3, seed: 7);

        for (var d = 0; d < 3; d++)
        {
            var seen = new bool[count];
            for (var i = 0; i < count; i++)
            {
                var stratum = (int)(sampler.At(i, d) * count);
                Assert.False(seen[stratum], $"axis {d}: stratum {stratum} twice");
                seen[stratum] = true;
            }
        }
    }

    [Fact]
    public void ShiftedSobol_KeepsTheSequencesStratification_AndLeavesTheLowerCorner()
    {
        const int block = 1 << 16;
        var sampler = UnitSampler.Create(SampleKind.Sobol, 100_000, 3, seed: 7);

        Assert.NotEqual(0, sampler.At(0, 0));
        for (var d = 0; d < 3; d++)
        {
            var seen = new bool[block];
            for (var i = 0; i < block; i++)
            {
                var cell = (int)(sampler.At(i, d) * block);
                Assert.False(seen[cell], $"axis {d}: cell {cell} twice");
                seen[cell] = true;
            }
        }
    }

    [Theory]
    [InlineData("sobol:1000")]
    [InlineData("lhs:1000")]
    [InlineData("random:1000")]
    public void AnotherSeed_GivesOtherPoints(string sample)
    {
        var seven = SampledSpace.Parse(Axes, sample, 7);
        var eight = SampledSpace.Parse(Axes, sample, 8);

        var differing = Enumerable.Range(0, 1000).Count(i => seven.GetValue(i, 0).AsDouble() != eight.GetValue(i, 0).AsDouble());
        Assert.True(differing > 990, $"{differing} of 1000 points differ");
    }

    [Fact]
    public void DiscreteAxes_DrawTheirOwnValues_WithEqualWeight()
    {
        var space = SampledSpace.Parse("x=0:1,k=[1,2,5],n=0..3", "lhs:12000", 3);
        var counts = new Dictionary<string, int>();

        for (var i = 0; i < space.Count; i++)
        {
            var key = $"k{space.GetValue(i, 1)} n{space.GetValue(i, 2)}";
            counts[key] = counts.GetValueOrDefault(key) + 1;
        }

        Assert.Equal(12, counts.Count);
        Assert.All(counts.Values, c => Assert.InRange(c, 800, 1200));
    }

    [Theory]
    [InlineData("x=-2:2:401", "sobol:100", "has a point count, but a sample draws its own points")]
    [InlineData("x=0:1:log", "lhs:100", "both bounds must be positive")]
    [InlineData("x=a:1", "lhs:100", "not a finite number")]
    [InlineData("x=0:1", "sobol", "has no point count")]
    [InlineData("x=0:1", "halton:100", "'halton' is not random, lhs or sobol")]
    [InlineData("x=0:1", "lhs:0", "from 1 to 4503599627370496")]
    [InlineData("x=0:1", "lhs:1e3", "whole number")]
    public void BadSamples_AreOneLine_NamingThePart(string grid, string sample, string expected)
    {
        var ex = Assert.Throws<JobSpecException>(() => SampledSpace.Parse(grid, sample, 0));

        Assert.Contains(expected, ex.Message);
        Assert.DoesNotContain('\n', ex.Message);
    }

    [Fact]
    public void Sobol_RejectsMoreAxesThanItsTable()
    {
        var grid = string.Join(",", Enumerable.Range(0, 65).Select(i => $"a{i}=0:1"));

        var ex = Assert.Throws<JobSpecException>(() => SampledSpace.Parse(grid, "sobol:10", 0));

        Assert.Contains("at most 64 axes", ex.Message);
        Assert.Equal(65, SampledSpace.Parse(grid, "lhs:10", 0).Names.Count);
    }

    [Fact]
    public void Plan_RejectsASampleWithoutGrid_AndASeedWithoutSample_AndSuggestsSamplingForBoundsOnlyGrids()
    {
        Assert.Contains("sample draws points between the bounds of grid axes, not from params or input; pass for example grid: \"x=-2:2,y=-1:3\" sample: sobol:1000",
            Assert.Throws<JobSpecException>(() => JobPlan.Create(new JobSpec { Computation = "c", Params = 10, Sample = "lhs:10" })).Message);
        Assert.Contains("seed chooses the points of a sample and nothing else; add sample: random:1000",
            Assert.Throws<JobSpecException>(() => JobPlan.Create(new JobSpec { Computation = "c", Grid = "x=0:1:3", Seed = 4 })).Message);
        Assert.Contains("or sample between the bounds with sample: sobol:1000",
            Assert.Throws<JobSpecException>(() => JobPlan.Create(new JobSpec { Computation = "c", Grid = "x=0:1" })).Message);
    }

    private static SampledSpace Stored(string sample, long seed)
    {
        var plan = JobPlan.Create(new JobSpec { Computation = "c", Grid = Axes, Sample = sample, Seed = seed });
        return Assert.IsType<SampledSpace>(JobPlan.FromStoredJson(plan.ToStoredJson()).Space);
    }
}
