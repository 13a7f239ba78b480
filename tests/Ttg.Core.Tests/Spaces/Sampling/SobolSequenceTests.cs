using Ttg.Spaces.Sampling;

namespace Ttg.Core.Tests.Spaces.Sampling;

/// <summary>The unshifted Sobol' sequence against published points (scipy's unscrambled engine, Joe and Kuo's direction numbers).</summary>
public sealed class SobolSequenceTests
{
    [Fact]
    public void FirstPoints_AreThePublishedOnes()
    {
        double[][] published =
        [
            [0, 0, 0], [0.5, 0.5, 0.5], [0.75, 0.25, 0.25], [0.25, 0.75, 0.75],
            [0.375, 0.375, 0.625], [0.875, 0.875, 0.125], [0.625, 0.125, 0.875], [0.125, 0.625, 0.375],
        ];
        var sobol = new SobolSequence(3);

        for (var i = 0; i < published.Length; i++)
        {
            for (var d = 0; d < 3; d++)
            {
                Assert.Equal(published[i][d], sobol.At(i, d));
            }
        }
    }

    [Theory]
    [InlineData(100, new[] { 0.4140625, 0.2578125, 0.7734375, 0.7578125, 0.3984375, 0.7109375, 0.6484375 })]
    [InlineData(1000, new[] { 0.2197265625, 0.0966796875, 0.5185546875, 0.5224609375, 0.5498046875, 0.9130859375, 0.4462890625 })]
    [InlineData(65535, new[] { 1.52587890625e-05, 0.9999847412109375, 0.5637969970703125, 0.5664520263671875, 0.4257965087890625, 0.4148712158203125, 0.2963714599609375 })]
    [InlineData(99999, new[] { 0.04544830322265625, 0.8419570922851562, 0.6779556274414062, 0.01027679443359375, 0.6743698120117188, 0.42551422119140625, 0.7870101928710938 })]
    public void LaterPoints_InHighDimensions_AreThePublishedOnes(long index, double[] expected)
    {
        int[] dimensions = [0, 1, 2, 20, 21, 40, 63];
        var sobol = new SobolSequence(SobolSequence.MaxDimensions);

        Assert.Equal(64, SobolSequence.MaxDimensions);
        for (var k = 0; k < dimensions.Length; k++)
        {
            Assert.Equal(expected[k], sobol.At(index, dimensions[k]));
        }
    }

    [Fact]
    public void DirectionTable_HasOddInitialNumbers_BelowTheirBound_ForEachDegree()
    {
        foreach (var (polynomial, initial) in SobolDirectionNumbers.Table)
        {
            var degree = 31 - int.LeadingZeroCount((int)polynomial);
            Assert.Equal(degree, initial.Length);
            Assert.Equal(1u, polynomial & 1);
            for (var k = 0; k < initial.Length; k++)
            {
                Assert.Equal(1u, initial[k] & 1);
                Assert.True(initial[k] < 1u << (k + 1), $"m_{k + 1} = {initial[k]} of polynomial {polynomial}");
            }
        }
    }

    [Fact]
    public void EveryPowerOfTwoBlock_FillsEachDyadicInterval_Once()
    {
        // The (t, s)-sequence property in one dimension: 2^k consecutive points from a multiple of 2^k hit every interval of width 2^-k.
        const int k = 10;
        var sobol = new SobolSequence(8);
        for (var d = 0; d < 8; d++)
        {
            var seen = new bool[1 << k];
            for (long i = 3 << k; i < 4 << k; i++)
            {
                var cell = (int)(sobol.At(i, d) * (1 << k));
                Assert.False(seen[cell], $"dimension {d}, point {i}");
                seen[cell] = true;
            }
        }
    }
}
