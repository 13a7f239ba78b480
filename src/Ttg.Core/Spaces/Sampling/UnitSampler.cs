namespace Ttg.Spaces.Sampling;

/// <summary>
/// Coordinates in [0, 1) of the points of a sample, each a pure function of (kind, count, seed, index, dimension):
/// no state is carried from one point to the next, so chunks may be computed in any order, by any worker, any
/// number of times.
/// </summary>
internal abstract class UnitSampler
{
    /// <summary>Coordinate <paramref name="dimension"/> of point <paramref name="index"/>, in [0, 1).</summary>
    public abstract double At(long index, int dimension);

    /// <summary>The sampler of <paramref name="kind"/> for <paramref name="count"/> points in <paramref name="dimensions"/> dimensions.</summary>
    public static UnitSampler Create(SampleKind kind, long count, int dimensions, long seed) => kind switch
    {
        SampleKind.Sobol => new ShiftedSobol(dimensions, (ulong)seed),
        SampleKind.LatinHypercube => new LatinHypercube(count, dimensions, (ulong)seed),
        _ => new Uniform((ulong)seed),
    };

    private sealed class Uniform(ulong seed) : UnitSampler
    {
        public override double At(long index, int dimension) => KeyedHash.Unit(seed, (ulong)index, (ulong)dimension);
    }

    /// <summary>
    /// Each axis has its own keyed permutation of the N strata; point i sits in stratum perm(i) at a keyed offset
    /// inside it.
    /// </summary>
    private sealed class LatinHypercube : UnitSampler
    {
        private readonly KeyedPermutation[] _strata;
        private readonly ulong _seed;
        private readonly double _count;

        public LatinHypercube(long count, int dimensions, ulong seed)
        {
            _seed = seed;
            _count = count;
            _strata = new KeyedPermutation[dimensions];
            for (var d = 0; d < dimensions; d++)
            {
                _strata[d] = new KeyedPermutation(count, KeyedHash.Mix(seed, ulong.MaxValue, (ulong)d));
            }
        }

        public override double At(long index, int dimension)
        {
            var stratum = _strata[dimension][index];
            var offset = KeyedHash.Unit(_seed, (ulong)index, (ulong)dimension);
            // Rounding could carry the last stratum's point to 1.0; keep it inside its stratum.
            return Math.Min((stratum + offset) / _count, Math.BitDecrement(1.0));
        }
    }

    /// <summary>
    /// Sobol' points XORed with one keyed 52-bit shift per axis (a random digital shift): it keeps the sequence's
    /// stratification (every 2^k-point block still fills each dyadic interval once) and moves the first point off
    /// the box's lower corner; different seeds give independent randomisations for error estimates.
    /// </summary>
    private sealed class ShiftedSobol : UnitSampler
    {
        private readonly SobolSequence _sequence;
        private readonly ulong[] _shifts;

        public ShiftedSobol(int dimensions, ulong seed)
        {
            _sequence = new SobolSequence(dimensions);
            _shifts = new ulong[dimensions];
            for (var d = 0; d < dimensions; d++)
            {
                _shifts[d] = KeyedHash.Mix(seed, ulong.MaxValue - 1, (ulong)d) >> (64 - SobolSequence.Bits);
            }
        }

        public override double At(long index, int dimension) =>
            (_sequence.Bits52(index, dimension) ^ _shifts[dimension]) * (1.0 / SobolSequence.MaxPoints);
    }
}
