using Ttg.Results;
using Ttg.WorkQueue;

namespace Ttg.Core.Tests.Results;

public sealed class ResultCodecTests
{
    [Fact]
    public void AllDoubles_Take8BytesPerParameter_PlusSmallHeader()
    {
        var builder = new ChunkResultBuilder(1000, 100);
        for (var i = 0; i < 100; i++)
        {
            builder.SetResult(i, i * 1.5);
        }

        var completion = builder.Build();
        var decoded = ResultCodec.Decode(new StoredChunk(1000, 100, completion.Results)).ToList();

        Assert.InRange(completion.Results.Length, 800, 804);
        Assert.Equal((100, 0), (completion.Succeeded, completion.Failed));
        Assert.Equal(Enumerable.Range(0, 100).Select(i => 1000L + i), decoded.Select(o => o.Index));
        Assert.All(decoded, o => Assert.Equal((o.Index - 1000) * 1.5, o.Result.Scalar.AsDouble()));
        Assert.All(decoded, o => Assert.True(o.Succeeded));
    }

    [Fact]
    public void SpecialDoubles_RoundTrip()
    {
        double[] values = [double.NaN, double.PositiveInfinity, -0.0, double.Epsilon, double.MaxValue];
        var decoded = RoundTrip(values.Select(v => (Result)v).ToArray());

        Assert.Equal(values, decoded.Select(o => o.Result.Scalar.AsDouble()));
    }

    [Fact]
    public void MixedScalars_RoundTrip_WithTheirKinds()
    {
        Result[] results = [1.5, 42L, true, "text", Value.Null, "ünïcode ✓"];

        var decoded = RoundTrip(results);

        Assert.Equal(results.Select(r => r.Scalar), decoded.Select(o => o.Result.Scalar));
        Assert.All(decoded, o => Assert.False(o.Result.IsRecord));
    }

    [Fact]
    public void Records_WithSharedSchema_WriteNamesOnce()
    {
        var results = Enumerable.Range(0, 50).Select(i => Result.Record(("loss", i * 0.1), ("label", "long-field-name-" + (i % 2)), ("ok", i % 3 == 0))).ToArray();

        var builder = new ChunkResultBuilder(0, results.Length);
        for (var i = 0; i < results.Length; i++)
        {
            builder.SetResult(i, results[i]);
        }

        var completion = builder.Build();
        var decoded = ResultCodec.Decode(new StoredChunk(0, results.Length, completion.Results)).ToList();

        Assert.True(completion.Results.Length < 50 * (1 + 9 + 1 + 18 + 2 + 2) + 40, $"{completion.Results.Length} bytes");
        for (var i = 0; i < results.Length; i++)
        {
            Assert.True(decoded[i].Result.IsRecord);
            Assert.Equal(results[i].Fields, decoded[i].Result.Fields);
        }
    }

    [Fact]
    public void Records_WithDifferentSchemas_AndScalars_AndFailures_RoundTrip()
    {
        var builder = new ChunkResultBuilder(10, 4);
        builder.SetResult(0, Result.Record(("a", 1L)));
        builder.SetResult(1, Result.Record(("b", "x"), ("c", 2.5)));
        builder.SetFailure(2, new ParameterFailure("InvalidOperationException", "poisoned parameter 12 (fail-on)", 3));
        builder.SetResult(3, 9.0);

        var completion = builder.Build();
        var decoded = ResultCodec.Decode(new StoredChunk(10, 4, completion.Results)).ToList();

        Assert.Equal((3, 1), (completion.Succeeded, completion.Failed));
        Assert.Equal(Value.FromInt64(1), decoded[0].Result["a"]);
        Assert.Equal(new[] { "b", "c" }, decoded[1].Result.Fields.Select(f => f.Name));
        Assert.Equal(2.5, decoded[1].Result["c"].AsDouble());
        Assert.False(decoded[2].Succeeded);
        Assert.Equal(new ParameterFailure("InvalidOperationException", "poisoned parameter 12 (fail-on)", 3), decoded[2].Failure);
        Assert.Equal(12, decoded[2].Index);
        Assert.Equal(9.0, decoded[3].Result.Scalar.AsDouble());
    }

    [Fact]
    public void FailureAfterDoubles_SwitchesToTaggedAndKeepsEarlierDoubles()
    {
        var builder = new ChunkResultBuilder(0, 3);
        builder.SetResult(0, 1.0);
        builder.SetResult(2, 3.0);
        builder.SetFailure(1, new ParameterFailure("E", "m", 1));

        var decoded = ResultCodec.Decode(new StoredChunk(0, 3, builder.Build().Results)).ToList();

        Assert.Equal(1.0, decoded[0].Result.Scalar.AsDouble());
        Assert.NotNull(decoded[1].Failure);
        Assert.Equal(3.0, decoded[2].Result.Scalar.AsDouble());
    }

    [Fact]
    public void ResultAfterFailure_ReplacesIt()
    {
        var builder = new ChunkResultBuilder(0, 1);
        builder.SetFailure(0, new ParameterFailure("E", "m", 1));
        builder.SetResult(0, 2.0);

        var completion = builder.Build();

        Assert.Equal((1, 0), (completion.Succeeded, completion.Failed));
        Assert.True(ResultCodec.Decode(new StoredChunk(0, 1, completion.Results)).Single().Succeeded);
    }

    [Fact]
    public void Build_Throws_WhenAParameterIsUnset()
    {
        var builder = new ChunkResultBuilder(5, 2);
        builder.SetResult(0, 1.0);

        var ex = Assert.Throws<InvalidOperationException>(builder.Build);

        Assert.Contains("Parameter 6", ex.Message);
    }

    [Fact]
    public void SetResult_RejectsOffsetOutsideChunk()
    {
        var builder = new ChunkResultBuilder(0, 2);

        Assert.Throws<ArgumentOutOfRangeException>(() => builder.SetResult(2, 1.0));
        Assert.Throws<ArgumentOutOfRangeException>(() => builder.SetResult(-1, 1.0));
    }

    [Fact]
    public void Decode_RejectsWrongVersion_CountOrTruncation()
    {
        var builder = new ChunkResultBuilder(0, 2);
        builder.SetResult(0, 1.0);
        builder.SetResult(1, 2.0);
        var blob = builder.Build().Results.ToArray();

        Assert.Throws<InvalidDataException>(() => ResultCodec.Decode(new StoredChunk(0, 3, blob)).ToList());
        Assert.Throws<InvalidDataException>(() => ResultCodec.Decode(new StoredChunk(0, 2, blob[..^1])).ToList());
        var wrongVersion = (byte[])blob.Clone();
        wrongVersion[0] = 99;
        Assert.Throws<InvalidDataException>(() => ResultCodec.Decode(new StoredChunk(0, 2, wrongVersion)).ToList());
    }

    private static List<ParameterOutcome> RoundTrip(Result[] results)
    {
        var builder = new ChunkResultBuilder(0, results.Length);
        for (var i = 0; i < results.Length; i++)
        {
            builder.SetResult(i, results[i]);
        }

        return [.. ResultCodec.Decode(new StoredChunk(0, results.Length, builder.Build().Results))];
    }
}
