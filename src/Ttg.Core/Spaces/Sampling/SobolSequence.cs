namespace Ttg.Spaces.Sampling;

/// <summary>
/// The Sobol' low-discrepancy sequence in up to <see cref="MaxDimensions"/> dimensions with Joe and Kuo's direction
/// numbers, in Gray-code order (the order scipy's unscrambled engine produces). Point i is computed from i alone
/// (the XOR of the direction numbers of the set bits of i's Gray code), so any worker computes any point directly.
/// </summary>
internal sealed class SobolSequence
{
    /// <summary>Bits of every coordinate: the mantissa of a double, so each coordinate is exact and points never repeat below 2^52.</summary>
    public const int Bits = 52;

    /// <summary>Dimensions the direction-number table covers.</summary>
    public static readonly int MaxDimensions = SobolDirectionNumbers.Table.Length + 1;

    /// <summary>Points the sequence has before it repeats: 2^52.</summary>
    public const long MaxPoints = 1L << Bits;

    private const double Scale = 1.0 / MaxPoints;

    // _directions[d][k] is V_(k+1) of dimension d: m_(k+1) shifted to the top of the 52 bits.
    private readonly ulong[][] _directions;

    /// <summary>Prepares the first <paramref name="dimensions"/> dimensions.</summary>
    public SobolSequence(int dimensions)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(dimensions, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(dimensions, MaxDimensions);
        _directions = new ulong[dimensions][];
        for (var d = 0; d < dimensions; d++)
        {
            _directions[d] = Directions(d);
        }
    }

    /// <summary>Number of dimensions.</summary>
    public int Dimensions => _directions.Length;

    /// <summary>Coordinate <paramref name="dimension"/> of point <paramref name="index"/> as 52 bits: the point is this times 2^-52.</summary>
    public ulong Bits52(long index, int dimension)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, MaxPoints);
        var gray = (ulong)index ^ ((ulong)index >> 1);
        var directions = _directions[dimension];
        ulong x = 0;
        for (var k = 0; gray != 0; k++, gray >>= 1)
        {
            if ((gray & 1) != 0)
            {
                x ^= directions[k];
            }
        }

        return x;
    }

    /// <summary>Coordinate <paramref name="dimension"/> of point <paramref name="index"/>, in [0, 1).</summary>
    public double At(long index, int dimension) => Bits52(index, dimension) * Scale;

    private static ulong[] Directions(int dimension)
    {
        var m = new ulong[Bits];
        if (dimension == 0)
        {
            // The first dimension is the van der Corput sequence: every m_k is 1.
            Array.Fill(m, 1UL);
        }
        else
        {
            var (polynomial, initial) = SobolDirectionNumbers.Table[dimension - 1];
            var degree = 31 - int.LeadingZeroCount((int)polynomial);
            for (var k = 0; k < degree; k++)
            {
                m[k] = initial[k];
            }

            // Bratley and Fox's recurrence: m_k = 2 a_1 m_(k-1) ^ 4 a_2 m_(k-2) ^ ... ^ 2^s m_(k-s) ^ m_(k-s).
            for (var k = degree; k < Bits; k++)
            {
                var value = m[k - degree] ^ (m[k - degree] << degree);
                for (var j = 1; j < degree; j++)
                {
                    if (((polynomial >> (degree - j)) & 1) != 0)
                    {
                        value ^= m[k - j] << j;
                    }
                }

                m[k] = value;
            }
        }

        var directions = new ulong[Bits];
        for (var k = 0; k < Bits; k++)
        {
            directions[k] = m[k] << (Bits - 1 - k);
        }

        return directions;
    }
}
