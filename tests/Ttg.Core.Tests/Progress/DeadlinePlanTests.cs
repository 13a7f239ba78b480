using Ttg.Progress;

namespace Ttg.Core.Tests.Progress;

public sealed class DeadlinePlanTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void OnTrack_WhenTheLiveWorkersFinishBeforeTheDeadline()
    {
        // Two workers at 100/s each, 60,000 left: 300 s; an hour left needs one worker.
        var estimate = new EtaEstimate(200, TimeSpan.FromSeconds(300), null, 2, 100);

        var assessment = DeadlinePlan.Assess(estimate, 60_000, Now.AddHours(1), Now, false, null);

        Assert.True(assessment.OnTrack);
        Assert.Equal(1, assessment.WorkersNeeded);
        Assert.Contains("on track, needs 1 worker (2 live)", assessment.Text);
    }

    [Fact]
    public void Behind_SaysHowManyWorkersWouldMakeIt()
    {
        // 60,000 left at 100/s per worker in 100 s: 6 workers; 2 live make it in 300 s.
        var estimate = new EtaEstimate(200, TimeSpan.FromSeconds(300), null, 2, 100);

        var assessment = DeadlinePlan.Assess(estimate, 60_000, Now.AddSeconds(100), Now, false, null);

        Assert.False(assessment.OnTrack);
        Assert.Equal(6, assessment.WorkersNeeded);
        Assert.Contains("behind, needs 6 workers (2 live)", assessment.Text);
    }

    [Fact]
    public void WorkersNeeded_RoundsUp()
    {
        var estimate = new EtaEstimate(100, TimeSpan.FromSeconds(100), null, 1, 100);

        Assert.Equal(2, DeadlinePlan.Assess(estimate, 10_001, Now.AddSeconds(100), Now, false, null).WorkersNeeded);
    }

    [Fact]
    public void WorkersNeeded_IsUnknown_UntilAPaceIsMeasured()
    {
        var assessment = DeadlinePlan.Assess(EtaEstimate.None("no live workers"), 1000, Now.AddHours(1), Now, false, null);

        Assert.Null(assessment.WorkersNeeded);
        Assert.Null(assessment.OnTrack);
        Assert.Contains("no live workers", assessment.Text);
    }

    [Fact]
    public void PassedDeadline_IsReported_WithoutAWorkerCount()
    {
        var estimate = new EtaEstimate(100, TimeSpan.FromSeconds(100), null, 1, 100);

        var assessment = DeadlinePlan.Assess(estimate, 500, Now.AddMinutes(-2), Now, false, null);

        Assert.False(assessment.OnTrack);
        Assert.Null(assessment.WorkersNeeded);
        Assert.Contains("passed 02:00 ago with 500 parameters left", assessment.Text);
    }

    [Theory]
    [InlineData(-10, "met")]
    [InlineData(10, "missed")]
    public void FinishedJob_SaysWhetherItMetTheDeadline(int finishedAfterDueSeconds, string verdict)
    {
        var due = Now.AddHours(1);

        var assessment = DeadlinePlan.Assess(EtaEstimate.None("finished"), 0, due, Now.AddHours(2), true, due.AddSeconds(finishedAfterDueSeconds));

        Assert.EndsWith(verdict, assessment.Text);
    }
}
