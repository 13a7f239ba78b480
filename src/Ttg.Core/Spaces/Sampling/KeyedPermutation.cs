namespace Ttg.Spaces.Sampling;

/// <summary>
/// A bijection of 0..<see cref="Size"/>-1 chosen by a key, evaluated one position at a time: a balanced Feistel
/// network over the smallest even number of bits that holds the size, with cycle walking (apply again until the
/// result is in range). Latin hypercube samples use one per axis, so nothing of size N is ever stored.
/// </summary>
internal sealed class KeyedPermutation
{
    private const int Rounds = 4;

    private readonly ulong _key;
    private readonly int _halfBits;
    private readonly ulong _halfMask;

    /// <summary>A permutation of 0..<paramref name="size"/>-1 for <paramref name="key"/>.</summary>
    public KeyedPermutation(long size, ulong key)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        Size = size;
        _key = key;
        var bits = 64 - int.CreateTruncating(ulong.LeadingZeroCount((ulong)(size - 1)));
        _halfBits = (bits + 1) / 2;
        _halfMask = (1UL << _halfBits) - 1;
    }

    /// <summary>Number of positions.</summary>
    public long Size { get; }

    /// <summary>Where position <paramref name="position"/> goes.</summary>
    public long this[long position]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfNegative(position);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(position, Size);
            var x = (ulong)position;
            // The network's domain is at most four times the size, so a walk takes fewer than four steps on average.
            do
            {
                x = Encrypt(x);
            }
            while (x >= (ulong)Size);
            return (long)x;
        }
    }

    private ulong Encrypt(ulong x)
    {
        var left = x >> _halfBits;
        var right = x & _halfMask;
        for (ulong round = 0; round < Rounds; round++)
        {
            var next = left ^ (KeyedHash.Mix(_key, round, right) & _halfMask);
            left = right;
            right = next;
        }

        return (left << _halfBits) | right;
    }
}
