using Ttg.Workers;

namespace Ttg.Core.Tests.Workers;

public sealed class FailurePolicyTests
{
    private static readonly TimeSpan Base = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan Cap = TimeSpan.FromSeconds(10);

    [Theory]
    [InlineData(1, 200)]
    [InlineData(2, 400)]
    [InlineData(3, 800)]
    public void Decide_RetriesWithDoublingBackoff_WhileAttemptsRemain(int attempt, int expectedMs)
    {
        var decision = FailurePolicy.Decide(attempt, maxAttempts: 5, count: 100, Base, Cap);

        Assert.Equal(FailureAction.Retry, decision.Action);
        Assert.Equal(TimeSpan.FromMilliseconds(expectedMs), decision.Delay);
    }

    [Fact]
    public void Decide_CapsTheBackoff()
    {
        var decision = FailurePolicy.Decide(attempt: 40, maxAttempts: 50, count: 100, Base, Cap);

        Assert.Equal(Cap, decision.Delay);
    }

    [Fact]
    public void Decide_SplitsAChunk_WhenItsAttemptsAreSpent()
    {
        var decision = FailurePolicy.Decide(attempt: 3, maxAttempts: 3, count: 100, Base, Cap);

        Assert.Equal(FailureAction.Split, decision.Action);
        Assert.Equal(TimeSpan.Zero, decision.Delay);
    }

    [Fact]
    public void Decide_RecordsASingleParameterAsFailed_WhenItsAttemptsAreSpent()
    {
        var decision = FailurePolicy.Decide(attempt: 3, maxAttempts: 3, count: 1, Base, Cap);

        Assert.Equal(FailureAction.RecordFailure, decision.Action);
    }

    [Theory]
    [InlineData(3, 3, false)]
    [InlineData(4, 3, true)]
    [InlineData(1, 1, false)]
    public void ExhaustedOnArrival_OnlyWhenEarlierHoldersUsedMoreThanTheBudget(int attempt, int max, bool expected) =>
        Assert.Equal(expected, FailurePolicy.IsExhaustedOnArrival(attempt, max));

    [Fact]
    public void RepeatedSplitting_IsolatesAPoisonParameter_InLogarithmicallyManyRounds()
    {
        // Follow the halves that contain parameter 37 of a 100-parameter chunk, as the worker and backend do.
        var (start, count, rounds) = (0L, 100, 0);
        while (FailurePolicy.Decide(3, 3, count, Base, Cap).Action == FailureAction.Split)
        {
            var firstHalf = count / 2;
            (start, count) = 37 < start + firstHalf ? (start, firstHalf) : (start + firstHalf, count - firstHalf);
            rounds++;
        }

        Assert.Equal((37L, 1), (start, count));
        Assert.InRange(rounds, 6, 7);
    }
}
