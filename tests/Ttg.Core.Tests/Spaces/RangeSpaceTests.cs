using Ttg.Spaces;

namespace Ttg.Core.Tests.Spaces;

public sealed class RangeSpaceTests
{
    [Fact]
    public void Range_HasCountAndNoNames_AndNoSource()
    {
        var range = new RangeSpace(1000);

        Assert.Equal(1000, range.Count);
        Assert.Empty(range.Names);
        Assert.Null(range.SourceFor(0, default));
        Assert.True(range.PayloadFor(0, 10).IsEmpty);
    }

    [Fact]
    public void Range_RejectsNegativeCount()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new RangeSpace(-1));
    }
}
