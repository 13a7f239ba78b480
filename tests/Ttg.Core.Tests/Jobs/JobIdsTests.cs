using System.Text.RegularExpressions;
using Microsoft.Extensions.Time.Testing;
using Ttg.Jobs;

namespace Ttg.Core.Tests.Jobs;

public sealed class JobIdsTests
{
    [Fact]
    public void New_IsReadable_WithComputationMinuteAndRandomSuffix()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 28, 16, 3, 12, TimeSpan.Zero));

        var id = JobIds.New("square", time);

        Assert.Matches(new Regex("^square-20261128-1603-[a-z0-9]{4}$"), id);
    }

    [Fact]
    public void New_SanitisesTheComputationName()
    {
        var id = JobIds.New("My Model/v2", new FakeTimeProvider());

        Assert.StartsWith("my-model-v2-", id);
    }

    [Fact]
    public void New_IsUniqueAcrossManyCalls()
    {
        var time = new FakeTimeProvider();

        var ids = Enumerable.Range(0, 200).Select(_ => JobIds.New("square", time)).ToHashSet();

        Assert.True(ids.Count >= 195, $"only {ids.Count} distinct ids of 200");
    }
}
