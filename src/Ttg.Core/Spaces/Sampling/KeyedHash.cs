namespace Ttg.Spaces.Sampling;

/// <summary>
/// A stateless 64-bit mix of a few integers (the SplitMix64 finaliser, chained). Samples draw every number from it
/// instead of from a stateful generator, so the value for (seed, index, dimension) never depends on what was drawn
/// before: a reclaimed chunk recomputes exactly what its first worker computed.
/// </summary>
internal static class KeyedHash
{
    private const ulong Golden = 0x9E3779B97F4A7C15UL;

    /// <summary>A well-mixed 64-bit value of <paramref name="a"/>, <paramref name="b"/> and <paramref name="c"/>.</summary>
    public static ulong Mix(ulong a, ulong b, ulong c) => Finalise(Finalise(Finalise(a) ^ b) ^ c);

    /// <summary>A number in [0, 1) with 53 random bits, from <see cref="Mix"/>.</summary>
    public static double Unit(ulong a, ulong b, ulong c) => (Mix(a, b, c) >> 11) * (1.0 / (1UL << 53));

    private static ulong Finalise(ulong x)
    {
        var z = x + Golden;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
