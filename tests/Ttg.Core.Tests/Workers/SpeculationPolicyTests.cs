using Ttg.Workers;

namespace Ttg.Core.Tests.Workers;

public sealed class SpeculationPolicyTests
{
    [Fact]
    public void AChunkStraggles_PastOneAndAHalfTimesWhatThisWorkerNeeds_AndNeverBefore250Ms_WithinATenthOfTheJob()
    {
        var request = SpeculationPolicy.For("w", "job", TimeSpan.FromMilliseconds(4), timeLimit: null);

        Assert.Equal(("w", "job"), (request.WorkerId, request.JobId));
        Assert.Equal(TimeSpan.FromMilliseconds(6), request.RunningPerParameter);
        Assert.Equal(TimeSpan.FromMilliseconds(250), request.MinRunning);
        Assert.Equal(0.1, request.Budget);
        Assert.Null(request.RunningAtMostPerParameter);
    }

    [Fact]
    public void WithATimeLimit_AChunkPastItForEveryParameter_IsLeftToItsHolder()
    {
        var request = SpeculationPolicy.For("w", "job", TimeSpan.FromMilliseconds(4), TimeSpan.FromSeconds(2));

        Assert.Equal(TimeSpan.FromSeconds(2), request.RunningAtMostPerParameter);
    }

    [Fact]
    public void Costs_ArePerParameter_PerJob_WeightedToRecentChunks()
    {
        var costs = new JobCosts();
        costs.Observe("a", TimeSpan.FromSeconds(1), 100);
        costs.Observe("b", TimeSpan.FromSeconds(1), 10);
        costs.Observe("a", TimeSpan.FromSeconds(6), 100);
        costs.Observe("a", TimeSpan.FromSeconds(1), 0); // nothing computed: no measurement

        var measured = costs.Measured.ToDictionary(m => m.JobId, m => m.PerParameter.TotalMilliseconds);

        Assert.Equal(20, measured["a"], 6); // 10 ms, then 60 ms weighted 0.2
        Assert.Equal(100, measured["b"], 6);
    }
}
