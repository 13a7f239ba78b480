using Ttg.Core.Tests.Results;
using Ttg.Jobs;
using Ttg.Jobs.Reuse;
using Ttg.Results;
using Ttg.WorkQueue;

namespace Ttg.Core.Tests.Jobs;

/// <summary>Planning a job that reuses an earlier job's results (<c>--reuse</c>); the backends' side is in the conformance suite.</summary>
public sealed class ReusingSubmissionTests
{
    [Fact]
    public async Task GrownGrid_CopiesEveryOldPoint_AndLeavesOnlyTheNewOnesToCompute()
    {
        var store = new FakeJobStore(Plan("x=-2:2:100,y=-1:3:100", Registry("1")), Compute, "small");
        var grown = Plan("x=-2:2:199,y=-1:3:199", Registry("1"));

        var reusing = await ReusingSubmission.CreateAsync(store, grown, "big", CancellationToken.None);

        Assert.Equal((10_000L, 29_601L), (reusing.Reused, reusing.ToCompute));
        Assert.Equal(["small"], reusing.Sources);
        var chunks = reusing.Submission.Chunks.ToList();
        Assert.Equal(chunks.Count, reusing.Submission.ChunkCount);
        Assert.Equal(29_601, chunks.Where(c => c.Completed is null).Sum(c => c.Count));
        long next = 0;
        foreach (var chunk in chunks)
        {
            Assert.Equal(next, chunk.Start); // the chunks still partition the job, in order
            next += chunk.Count;
            if (chunk.Completed is { } completed)
            {
                Assert.Equal((chunk.Count, 0), (completed.Succeeded, completed.Failed));
                foreach (var outcome in ResultCodec.Decode(new StoredChunk(chunk.Start, chunk.Count, completed.Results)))
                {
                    Assert.Equal(Compute(new Parameter(outcome.Index, grown.Space.SourceFor(0, default), grown.Arguments))!.Value.Scalar.AsDouble(), outcome.Result.Scalar.AsDouble());
                }
            }
        }

        Assert.Equal(199L * 199, next);
    }

    [Fact]
    public async Task AnotherVersion_OrOtherArguments_OrAFailedParameter_IsComputedAgain()
    {
        var store = new FakeJobStore(Plan("x=0:1:11", Registry("1")), p => p.Index == 3 ? null : Compute(p), "earlier");

        var otherVersion = await ReusingSubmission.CreateAsync(store, Plan("x=0:1:11", Registry("2")), "v2", CancellationToken.None);
        var otherArguments = await ReusingSubmission.CreateAsync(store, Plan("x=0:1:11", Registry("1"), ("scale", "2")), "args", CancellationToken.None);
        var same = await ReusingSubmission.CreateAsync(store, Plan("x=0:1:11", Registry("1")), "same", CancellationToken.None);

        Assert.Equal(0, otherVersion.Reused);
        Assert.Equal(0, otherArguments.Reused);
        Assert.Equal(10, same.Reused);
        var recomputed = Assert.Single(same.Submission.Chunks, c => c.Completed is null);
        Assert.Equal((3L, 1), (recomputed.Start, recomputed.Count));
    }

    private static Result? Compute(Parameter p) => (p.GetDouble("x") * 1000) + (p.Names.Count > 1 ? p.GetDouble("y") : 0);

    private static ComputationRegistry Registry(string version) => new ComputationRegistry().Add("f", p => Compute(p)!.Value, version: version);

    private static JobPlan Plan(string grid, ComputationRegistry registry, params (string Name, string Value)[] arguments) =>
        JobPlan.Create(new JobSpec { Computation = "f", Grid = grid, ChunkSize = 500, Reuse = true, Arguments = arguments.ToDictionary(a => a.Name, a => a.Value) }, registry);
}
