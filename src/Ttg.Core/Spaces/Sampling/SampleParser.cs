using System.Globalization;
using Ttg.Jobs;

namespace Ttg.Spaces.Sampling;

/// <summary>
/// Parses a sampled space: <c>--sample KIND:N</c> with KIND random, lhs or sobol, over <c>--grid</c> axes written as
/// bounds, <c>name=low:high</c> (optionally <c>:log</c>), or as a discrete axis (<c>n=0..10</c>, <c>k=[1,2,5]</c>).
/// </summary>
internal static class SampleParser
{

    public static SampledSpace Parse(string grid, string sample, long seed)
    {
        var (kind, count) = ParseSample(sample);
        if (seed < 0)
        {
            throw JobSpecException.About($"{SpecField.Seed} must be at least 0 (got {seed}); pass {SpecField.Seed.Set("7")}, or leave it out for seed 0");
        }

        if (string.IsNullOrWhiteSpace(grid))
        {
            throw JobSpecException.About($"{SpecField.Sample} needs the axes' bounds in {SpecField.Grid}; pass for example {SpecField.Grid.Set("\"x=-2:2,y=-1:3\"")} {SpecField.Sample.Set("sobol:100000")}");
        }

        var axes = new List<SampleAxis>();
        foreach (var part in GridParser.SplitTopLevel(grid))
        {
            var (name, spec) = GridParser.SplitAxis(part.Trim(), grid);
            if (axes.Any(a => a.Name == name))
            {
                throw JobSpecException.About($"{SpecField.Grid} names axis '{name}' twice; give each axis a unique name");
            }

            axes.Add(!spec.StartsWith('[') && !spec.Contains("..", StringComparison.Ordinal) && spec.Contains(':', StringComparison.Ordinal)
                ? ParseBounds(name, spec)
                : SampleAxis.Discrete(GridParser.ParseListOrRange(name, spec)));
        }

        if (kind == SampleKind.Sobol && axes.Count > SobolSequence.MaxDimensions)
        {
            throw JobSpecException.About($"{SpecField.Sample} sobol supports at most {SobolSequence.MaxDimensions} axes (got {axes.Count}); use {SpecField.Sample.Set(FormattableString.Invariant($"lhs:{count}"))} or random:{count} for more");
        }

        return new SampledSpace(axes, kind, count, seed, grid, sample);
    }

    private static (SampleKind Kind, long Count) ParseSample(string sample)
    {
        var colon = sample.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0)
        {
            throw JobSpecException.About($"{SpecField.Sample} '{sample}' has no point count; pass {SpecField.Sample.Set("random:1000")}, lhs:1000 or sobol:1024");
        }

        var kind = sample[..colon].Trim().ToLowerInvariant() switch
        {
            "random" => SampleKind.Random,
            "lhs" => SampleKind.LatinHypercube,
            "sobol" => SampleKind.Sobol,
            var other => throw JobSpecException.About($"{SpecField.Sample} kind '{other}' is not random, lhs or sobol; pass {SpecField.Sample.Set("random:1000")}, lhs:1000 or sobol:1024"),
        };
        var countText = sample[(colon + 1)..].Trim().Replace("_", string.Empty, StringComparison.Ordinal);
        if (!long.TryParse(countText, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var count) || count < 1 || count > SampledSpace.MaxCount)
        {
            throw JobSpecException.About($"{SpecField.Sample} '{sample}' has point count '{sample[(colon + 1)..]}'; it must be a whole number from 1 to {SampledSpace.MaxCount}; pass {SpecField.Sample.Set("random:1000")}, lhs:1000 or sobol:1024");
        }

        return (kind, count);
    }

    private static SampleAxis ParseBounds(string name, string spec)
    {
        var parts = spec.Split(':', StringSplitOptions.TrimEntries);
        var fix = $"write {name}=low:high (or {name}=low:high:log), for example {name}=-2:2";
        var log = parts.Length == 3 && string.Equals(parts[2], "log", StringComparison.OrdinalIgnoreCase);
        if (parts.Length != 2 && !log)
        {
            throw parts.Length is 3 or 4
                ? JobSpecException.About($"{SpecField.Grid} axis '{name}={spec}' has a point count, but a sample draws its own points; {fix}")
                : JobSpecException.About($"{SpecField.Grid} axis '{name}={spec}' is not a range of a sample; {fix}");
        }

        if (!GridParser.TryDouble(parts[0], out var low) || !GridParser.TryDouble(parts[1], out var high))
        {
            throw JobSpecException.About($"{SpecField.Grid} axis '{name}={spec}' has a bound that is not a finite number; {fix}");
        }

        if (log && (low <= 0 || high <= 0))
        {
            throw JobSpecException.About($"{SpecField.Grid} axis '{name}={spec}' is log-uniform but has a bound of 0 or less; both bounds must be positive, for example {name}=1e-5:1e-1:log");
        }

        return SampleAxis.Continuous(name, low, high, log);
    }
}
