using Ttg.Computations;
using Ttg.Jobs;
using Ttg.Spaces;
using Ttg.WorkQueue;

namespace Ttg.Core.Tests.Jobs;

public sealed class JobPlanTests
{
    private static readonly ComputationRegistry Registry = new ComputationRegistry().AddBuiltIns();

    [Theory]
    [InlineData(1, 1)]
    [InlineData(100, 7)]
    [InlineData(1001, 100)]
    [InlineData(1000, 1000)]
    [InlineData(5, 100)]
    public void Submission_CoversEveryIndexExactlyOnce_InOrder(long total, int chunkSize)
    {
        var plan = JobPlan.Create(new JobSpec { Computation = "square", Params = total, ChunkSize = chunkSize });

        var submission = plan.ToSubmission("job-1");
        var chunks = submission.Chunks.ToList();

        Assert.Equal(plan.ChunkCount, submission.ChunkCount);
        Assert.Equal(chunks.Count, submission.ChunkCount);
        Assert.Equal(total, submission.TotalParameters);
        Assert.Equal(Enumerable.Range(0, (int)total).Select(i => (long)i), chunks.SelectMany(c => Indices(c)));
        Assert.All(chunks, c => Assert.InRange(c.Count, 1, chunkSize));
    }

    [Theory]
    [InlineData(1000, 3, 7)]
    [InlineData(10, 4, 3)]
    [InlineData(3, 1, 5)]
    [InlineData(1, 1, 2)]
    public void StaticSlices_TogetherCoverEveryIndexOnce(long total, int chunkSize, int slices)
    {
        var plan = JobPlan.Create(new JobSpec { Computation = "square", Params = total, ChunkSize = chunkSize });

        var parts = Enumerable.Range(0, slices).Select(i => plan.ToSubmission($"j{i}", i, slices)).ToList();
        var indices = parts.SelectMany(p => p.Chunks.SelectMany(Indices)).ToList();

        Assert.Equal(Enumerable.Range(0, (int)total).Select(i => (long)i), indices);
        Assert.Equal(total, parts.Sum(p => p.TotalParameters));
        Assert.All(parts, p => Assert.Equal(p.Chunks.Count(), p.ChunkCount));
        Assert.All(parts.Where(p => p.TotalParameters > 0), p => Assert.True(p.Chunks.First().Start >= 0));
        if (total == 1000)
        {
            Assert.Equal(285 - 142, parts[1].TotalParameters);
            Assert.Equal(142, parts[1].Chunks.First().Start);
        }
    }

    [Fact]
    public void StaticSlice_RejectsIndexOutsideCount()
    {
        var plan = JobPlan.Create(new JobSpec { Computation = "square", Params = 10 });

        Assert.Throws<ArgumentOutOfRangeException>(() => plan.ToSubmission("j", 3, 3));
        Assert.Throws<ArgumentOutOfRangeException>(() => plan.ToSubmission("j", 0, 0));
    }

    [Fact]
    public void HugeGrid_EnumeratesChunksLazily()
    {
        var plan = JobPlan.Create(new JobSpec { Computation = "rosenbrock", Grid = "x=-2:2:4000,y=-1:3:2500", ChunkSize = 100 }, Registry);

        var submission = plan.ToSubmission("j");
        var before = GC.GetAllocatedBytesForCurrentThread();
        var firstTen = submission.Chunks.Take(10).ToList();
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(10_000_000, plan.TotalParameters);
        Assert.Equal(100_000, submission.ChunkCount);
        Assert.Equal(900, firstTen[^1].Start);
        Assert.True(allocated < 64 * 1024, $"Taking 10 chunks allocated {allocated} bytes");
    }

    [Fact]
    public void Split_GivesTwoHalvesCoveringTheLease()
    {
        var plan = JobPlan.Create(new JobSpec { Computation = "square", Params = 1000 });

        var parts = plan.Split(Lease(40, 9));

        Assert.Equal(2, parts.Count);
        Assert.Equal((40L, 4), (parts[0].Start, parts[0].Count));
        Assert.Equal((44L, 5), (parts[1].Start, parts[1].Count));
        Assert.True(parts[0].Payload.IsEmpty);
    }

    [Fact]
    public void Split_RefusesAChunkOfOne()
    {
        var plan = JobPlan.Create(new JobSpec { Computation = "square", Params = 1000 });

        Assert.Throws<InvalidOperationException>(() => plan.Split(Lease(7, 1)));
    }

    [Theory]
    [InlineData(0, new[] { 40, 1, 41, 8 })]
    [InlineData(4, new[] { 40, 4, 44, 1, 45, 4 })]
    [InlineData(8, new[] { 40, 8, 48, 1 })]
    public void SplitAround_LeavesTheParameterAlone_AndCoversTheLease(int offset, int[] expected)
    {
        var plan = JobPlan.Create(new JobSpec { Computation = "square", Params = 1000 });

        var parts = plan.SplitAround(Lease(40, 9), offset);

        Assert.Equal(expected, parts.SelectMany(p => new[] { (int)p.Start, p.Count }));
        Assert.Contains(parts, p => p.Start == 40 + offset && p.Count == 1);
    }

    [Fact]
    public void SplitAround_RefusesAChunkOfOne_AndAnOffsetOutside()
    {
        var plan = JobPlan.Create(new JobSpec { Computation = "square", Params = 1000 });

        Assert.Throws<InvalidOperationException>(() => plan.SplitAround(Lease(7, 1), 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => plan.SplitAround(Lease(7, 5), 5));
    }

    [Fact]
    public void StoredJson_RoundTripsTheTimeLimit_AndItsAbsence()
    {
        var limited = JobPlan.Create(new JobSpec { Computation = "square", Params = 10, Timeout = TimeSpan.FromSeconds(2.5) });
        var unlimited = JobPlan.Create(new JobSpec { Computation = "square", Params = 10 });

        Assert.Equal(TimeSpan.FromSeconds(2.5), JobPlan.FromStoredJson(limited.ToStoredJson()).Spec.Timeout);
        Assert.Null(JobPlan.FromStoredJson(unlimited.ToStoredJson()).Spec.Timeout);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-1.0)]
    [InlineData(100_000.0)]
    public void Create_RejectsATimeLimitOutOfRange(double seconds)
    {
        var error = Assert.Throws<JobSpecException>(() => JobPlan.Create(new JobSpec { Computation = "square", Params = 10, Timeout = TimeSpan.FromSeconds(seconds) }));

        Assert.StartsWith("timeout must be between 0.001 and 86400 seconds", error.Message);
    }

    [Fact]
    public void StoredJson_RoundTripsSpecAndSpace()
    {
        var spec = new JobSpec
        {
            Computation = "rosenbrock",
            Grid = "x=-2:2:5,y=[1,2]",
            ChunkSize = 3,
            MaxAttempts = 4,
            Lease = TimeSpan.FromSeconds(12.5),
            Arguments = new Dictionary<string, string> { ["a"] = "2", ["fail-on"] = "1,2" },
        };
        var plan = JobPlan.Create(spec, Registry);

        var restored = JobPlan.FromStoredJson(plan.ToStoredJson());

        Assert.Equal("rosenbrock", restored.Spec.Name);
        Assert.Equal(spec.Grid, restored.Spec.Grid);
        Assert.Equal(3, restored.Spec.ChunkSize);
        Assert.Equal(4, restored.Spec.MaxAttempts);
        Assert.Equal(TimeSpan.FromSeconds(12.5), restored.Spec.Lease);
        Assert.Equal("1,2", restored.Arguments.Get("FAIL-ON"));
        Assert.Equal(plan.ChunkCount, restored.ChunkCount);
        Assert.IsType<GridSpace>(restored.Space);
        Assert.Equal(plan.Space.Names, restored.Space.Names);
        Assert.Equal(plan.ToStoredJson(), restored.ToStoredJson());
    }

    [Fact]
    public void StoredJson_RoundTripsRange()
    {
        var plan = JobPlan.Create(new JobSpec { Computation = "square", Params = 77, Name = "mine" });

        var restored = JobPlan.FromStoredJson(plan.ToSubmission("j").SpecJson);

        Assert.IsType<RangeSpace>(restored.Space);
        Assert.Equal(77, restored.TotalParameters);
        Assert.Equal("mine", restored.Spec.Name);
    }

    [Fact]
    public void FromStoredJson_RejectsGarbage()
    {
        Assert.Throws<JobSpecException>(() => JobPlan.FromStoredJson("not json"));
        Assert.Throws<JobSpecException>(() => JobPlan.FromStoredJson("{\"version\": 99}"));
    }

    [Theory]
    [MemberData(nameof(BadSpecs))]
    public void Create_RejectsBadSpecs_WithOneLineNamingTheFix(JobSpec spec, string expected)
    {
        var ex = Assert.Throws<JobSpecException>(() => JobPlan.Create(spec, Registry));

        Assert.Contains(expected, ex.Message);
        Assert.DoesNotContain('\n', ex.Message);
    }

    public static TheoryData<JobSpec, string> BadSpecs() => new()
    {
        { new JobSpec { Params = 10 }, "No computation given (registered: rosenbrock, simulate, spin, square); set computation" },
        { new JobSpec { Computation = "nope", Params = 10 }, "'nope' is not registered; pass one of: rosenbrock, simulate, spin, square" },
        { new JobSpec { Computation = "square" }, "No parameter space given" },
        { new JobSpec { Computation = "square", Params = 10, Grid = "x=0..1" }, "Several parameter spaces given (params and grid); pass only one of params, grid or input" },
        { new JobSpec { Computation = "square", Params = 10, ChunkSize = -1 }, "chunkSize must be at least 1 (got -1); pass chunkSize: 100, or chunkSize: auto (the default) or leave it out" },
        { new JobSpec { Computation = "square", Params = 10, MaxAttempts = 0 }, "maxAttempts must be at least 1 (got 0); pass maxAttempts: 3" },
        { new JobSpec { Computation = "square", Params = 10, Lease = TimeSpan.FromMilliseconds(500) }, "lease must be at least 1s (got 0.5s); pass lease: 5s" },
        { new JobSpec { Computation = "square", Params = 0 }, "params must be at least 1 (got 0); pass params: 1000" },
        { new JobSpec { Computation = "square", Grid = "x=0:1" }, "bounds but no point count" },
        { new JobSpec { Computation = "rosenbrock", Params = 10 }, "rosenbrock needs parameters named x and y" },
        { new JobSpec { Computation = "rosenbrock", Grid = "x=0..1,z=0..1" }, "got x, z" },
        { new JobSpec { Computation = "simulate", Params = 10, Arguments = new Dictionary<string, string> { ["work-ms"] = "abc" } }, "'work-ms' is 'abc'" },
        { new JobSpec { Computation = "square", Params = 10, Arguments = new Dictionary<string, string> { ["fail-on"] = "1,x" } }, "'fail-on' has 'x'" },
        { new JobSpec { Computation = "square", Params = 10, Arguments = new Dictionary<string, string> { ["bad name"] = "1" } }, "Argument name 'bad name'" },
        { new JobSpec { Computation = "square", Params = 10, ChunkSize = 1, Grid = null, Input = null, Name = null } with { Params = 5_000_000_000 }, "parameters at chunkSize: 1 make 5000000000 chunks, more than 2147483647; pass a larger chunkSize" },
    };

    [Fact]
    public void Create_WithoutRegistry_AcceptsAnyComputation_AndDefaultsName()
    {
        var plan = JobPlan.Create(new JobSpec { Computation = "anything", Params = 3 });

        Assert.Equal("anything", plan.Spec.Name);
        Assert.Equal(3, plan.ChunkCount); // the auto plan: three parameters, one a chunk
        Assert.Equal("anything", plan.ToSubmission("j").Name);
    }

    private static IEnumerable<long> Indices(ChunkSpec chunk) => Enumerable.Range(0, chunk.Count).Select(i => chunk.Start + i);

    private static ChunkLease Lease(long start, int count) => new()
    {
        JobId = "j",
        ChunkId = "c",
        Start = start,
        Count = count,
        Attempt = 3,
        WorkerId = "w",
        Token = "t",
    };
}
