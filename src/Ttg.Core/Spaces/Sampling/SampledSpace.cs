using Ttg.Spaces.Sampling;

namespace Ttg.Spaces;

/// <summary>
/// N points sampled in the box of named axis bounds (<c>--grid "x=-2:2,y=-1:3" --sample sobol:100000 --seed 7</c>):
/// random, Latin hypercube or Sobol'. Point i's values are a pure function of the text, the seed and i, so nothing is
/// materialised and a retried or reclaimed chunk computes the same points.
/// </summary>
public sealed class SampledSpace : ParameterSpace, IParameterSource
{
    /// <summary>The most points a sample may have: 2^52 (Sobol' coordinates carry 52 bits).</summary>
    public const long MaxCount = 1L << 52;

    private readonly SampleAxis[] _axes;
    private readonly string[] _names;
    private readonly UnitSampler _sampler;

    internal SampledSpace(IReadOnlyList<SampleAxis> axes, SampleKind kind, long count, long seed, string grid, string sample)
    {
        _axes = [.. axes];
        _names = [.. _axes.Select(a => a.Name)];
        Kind = kind;
        Count = count;
        Seed = seed;
        Grid = grid;
        Sample = sample;
        _sampler = UnitSampler.Create(kind, count, _axes.Length, seed);
    }

    /// <summary>How points are placed.</summary>
    public SampleKind Kind { get; }

    /// <summary>The seed every point is drawn from.</summary>
    public long Seed { get; }

    /// <summary>The axes text it was parsed from.</summary>
    public string Grid { get; }

    /// <summary>The sample text it was parsed from (<c>sobol:100000</c>).</summary>
    public string Sample { get; }

    /// <summary>The axes in order; axis k is the sampler's dimension k.</summary>
    public IReadOnlyList<SampleAxis> Axes => _axes;

    /// <inheritdoc />
    public override long Count { get; }

    /// <inheritdoc cref="ParameterSpace.Names" />
    public override IReadOnlyList<string> Names => _names;

    /// <summary>Parses axes and a sample text; see <see cref="SampleParser"/> for the syntax.</summary>
    /// <exception cref="Jobs.JobSpecException">The text is not a valid sample; the message names the part and the fix.</exception>
    public static SampledSpace Parse(string grid, string sample, long seed) => SampleParser.Parse(grid, sample, seed);

    /// <inheritdoc />
    public override IParameterSource? SourceFor(long chunkStart, ReadOnlyMemory<byte> chunkPayload) => this;

    /// <inheritdoc />
    public int OrdinalOf(string name) => Array.IndexOf(_names, name);

    /// <inheritdoc />
    public Value GetValue(long index, int ordinal)
    {
        if ((ulong)index >= (ulong)Count)
        {
            throw new ArgumentOutOfRangeException(nameof(index), $"Index {index} is outside the sample's 0..{Count - 1}.");
        }

        return _axes[ordinal].ValueAt(_sampler.At(index, ordinal));
    }
}
