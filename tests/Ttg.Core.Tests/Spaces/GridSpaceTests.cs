using Ttg.Jobs;
using Ttg.Spaces;

namespace Ttg.Core.Tests.Spaces;

public sealed class GridSpaceTests
{
    [Fact]
    public void Parse_ComputesCountAndNames_ForMixedAxes()
    {
        var grid = GridSpace.Parse("x=-2:2:401,y=-1:3:401,k=[1,2,5],s=[a,b],n=0..10");

        Assert.Equal(new[] { "x", "y", "k", "s", "n" }, grid.Names);
        Assert.Equal(401L * 401 * 3 * 2 * 11, grid.Count);
    }

    [Fact]
    public void GetValue_UsesMixedRadix_WithLastAxisFastest()
    {
        var grid = GridSpace.Parse("a=0..2,b=[x,y]");

        var pairs = Enumerable.Range(0, 6).Select(i => $"{grid.GetValue(i, 0)}{grid.GetValue(i, 1)}").ToArray();

        Assert.Equal(new[] { "0x", "0y", "1x", "1y", "2x", "2y" }, pairs);
    }

    [Fact]
    public void Linspace_IncludesBothEnds_AndHitsExactPoints()
    {
        var grid = GridSpace.Parse("x=-2:2:401");

        Assert.Equal(-2.0, grid.GetValue(0, 0).AsDouble());
        Assert.Equal(2.0, grid.GetValue(400, 0).AsDouble());
        Assert.Equal(1.0, grid.GetValue(300, 0).AsDouble());
        Assert.Equal(0.0, grid.GetValue(200, 0).AsDouble());
        Assert.Equal(ValueKind.Double, grid.GetValue(1, 0).Kind);
    }

    [Fact]
    public void Linspace_WithOnePoint_IsItsStart()
    {
        var grid = GridSpace.Parse("x=3.5:9:1");

        Assert.Equal(1, grid.Count);
        Assert.Equal(3.5, grid.GetValue(0, 0).AsDouble());
    }

    [Theory]
    [InlineData("n=0..10", 11, 0, 10)]
    [InlineData("n=-5..5", 11, -5, 5)]
    [InlineData("n=0..10..3", 4, 0, 9)]
    [InlineData("n=10..0", 11, 10, 0)]
    [InlineData("n=10..0..-5", 3, 10, 0)]
    [InlineData("n=7..7", 1, 7, 7)]
    public void IntegerRange_IsInclusive(string text, long count, long first, long last)
    {
        var grid = GridSpace.Parse(text);

        Assert.Equal(count, grid.Count);
        Assert.Equal(Value.FromInt64(first), grid.GetValue(0, 0));
        Assert.Equal(Value.FromInt64(last), grid.GetValue(count - 1, 0));
    }

    [Fact]
    public void List_ReadsValuesByValueParse_AndKeepsQuotedStrings()
    {
        var grid = GridSpace.Parse("v=[1, 2.5, true, abc, '7']");

        Assert.Equal(Value.FromInt64(1), grid.GetValue(0, 0));
        Assert.Equal(Value.FromDouble(2.5), grid.GetValue(1, 0));
        Assert.Equal(Value.FromBoolean(true), grid.GetValue(2, 0));
        Assert.Equal(Value.FromString("abc"), grid.GetValue(3, 0));
        Assert.Equal(Value.FromString("7"), grid.GetValue(4, 0));
    }

    [Fact]
    public void SourceFor_IsTheGridItself_AndResolvesNames()
    {
        var grid = GridSpace.Parse("x=0:1:3,y=[a,b]");
        var source = grid.SourceFor(0, default)!;
        var parameter = new Parameter(5, source);

        Assert.Equal(1.0, parameter.GetDouble("x"));
        Assert.Equal("b", parameter.GetString("y"));
        Assert.Equal(-1, source.OrdinalOf("z"));
    }

    [Fact]
    public void GetValue_DoesNotAllocate()
    {
        var grid = GridSpace.Parse("x=-2:2:401,n=0..10,k=[1,2,5]");
        IParameterSource source = grid;
        var sum = 0.0;
        sum += source.GetValue(0, 0).AsDouble();

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (long i = 0; i < 10_000; i++)
        {
            sum += source.GetValue(i, 0).AsDouble() + source.GetValue(i, 1).AsDouble() + source.GetValue(i, 2).AsDouble();
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.True(double.IsFinite(sum));
    }

    [Fact]
    public void GetValue_Throws_OutsideTheGrid()
    {
        var grid = GridSpace.Parse("x=0..1");

        Assert.Throws<ArgumentOutOfRangeException>(() => grid.GetValue(2, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => grid.GetValue(-1, 0));
    }

    [Fact]
    public void Parse_RejectsCountOverflow()
    {
        var ex = Assert.Throws<JobSpecException>(() => GridSpace.Parse("a=0:1:4000000000,b=0:1:4000000000,c=0:1:4000000000"));

        Assert.Contains("points", ex.Message);
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("x", "no '='")]
    [InlineData("x=", "is not a:b:n")]
    [InlineData("=0..3", "not valid")]
    [InlineData("1x=0..3", "not valid")]
    [InlineData("x=5", "x=[5]")]
    [InlineData("x=0:1", "bounds but no point count")]
    [InlineData("x=0:1:2:3", "start:stop:points")]
    [InlineData("x=0:1:0", "at least 1")]
    [InlineData("x=0:1:2.5", "whole number")]
    [InlineData("x=a:1:3", "not a finite number")]
    [InlineData("x=0:inf:3", "not a finite number")]
    [InlineData("x=0..", "not an integer")]
    [InlineData("x=0.5..3", "not an integer")]
    [InlineData("x=0..3..0", "never goes")]
    [InlineData("x=0..3..-1", "never goes")]
    [InlineData("x=0..3..a", "step that is not an integer")]
    [InlineData("x=0..1..2..3", "not an integer range")]
    [InlineData("k=[]", "empty list")]
    [InlineData("k=[1,,2]", "empty item")]
    [InlineData("k=[1,2", "without a closing")]
    [InlineData("k=1,2]", "without a matching")]
    [InlineData("k=[1]x", "text after")]
    [InlineData("x=0..3,x=[1]", "twice")]
    [InlineData("x=0..3,", "empty axis")]
    public void Parse_RejectsBadSyntax_WithOneLineMessage(string text, string expected)
    {
        var ex = Assert.Throws<JobSpecException>(() => GridSpace.Parse(text));

        Assert.Contains(expected, ex.Message);
        Assert.DoesNotContain('\n', ex.Message);
        Assert.StartsWith("grid ", ex.Message); // the spec field; the command line shows its flag
    }
}
