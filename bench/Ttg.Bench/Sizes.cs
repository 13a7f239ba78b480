namespace Ttg.Bench;

/// <summary>How big each scenario is: the full suite, or the seconds-long smoke mode that keeps the suite working.</summary>
internal sealed record Sizes(int Runs, long B1Params, long B2Params, int B2Chunk, long B3Params, int B3Chunk, long B4Params, int B4Chunk, int Lease)
{
    public static readonly Sizes Full = new(3, 50_000, 10_000_000, 10_000, 30_000, 100, 20_000, 10, 5);

    public static readonly Sizes Smoke = new(1, 2_000, 200_000, 10_000, 400, 10, 3_000, 10, 1);
}
