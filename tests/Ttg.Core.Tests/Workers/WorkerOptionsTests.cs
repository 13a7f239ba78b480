using Ttg.Workers;

namespace Ttg.Core.Tests.Workers;

public sealed class WorkerOptionsTests
{
    [Fact]
    public void AnOptionOutOfRange_IsNamedByItsProperty_NeverByACommandLineFlag()
    {
        var error = Assert.Throws<InvalidWorkerOptionException>(() => new WorkerOptions { Concurrency = 0 }.Validate());

        Assert.Equal(nameof(WorkerOptions.Concurrency), error.Property);
        Assert.Equal("must be at least 1 (got 0)", error.Problem);
        Assert.StartsWith("WorkerOptions.Concurrency must be at least 1 (got 0); set it to ", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("--", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ALivenessBelowItsFloor_SuggestsTheDefault()
    {
        var error = Assert.Throws<InvalidWorkerOptionException>(() => new WorkerOptions { Liveness = TimeSpan.FromMilliseconds(50) }.Validate());

        Assert.Equal(nameof(WorkerOptions.Liveness), error.Property);
        Assert.Equal("2", error.Suggested);
    }
}
