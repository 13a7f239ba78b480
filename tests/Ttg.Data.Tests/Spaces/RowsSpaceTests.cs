using Ttg.Core.Tests;
using Ttg.Jobs;
using Ttg.Spaces;
using Ttg.WorkQueue;

namespace Ttg.Data.Tests.Spaces;

public sealed class RowsSpaceTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Csv_RowsTravelInChunkPayloads_AndReadBackWithValueParse()
    {
        var path = _dir.File("p.csv", "x,label,flag\n1,a,true\n2.5,\"b,c\",false\n-3,,true\n");
        var plan = JobPlan.Create(new JobSpec { Computation = "c", Input = path, ChunkSize = 2 }, inputs: InputFileReader.Instance);
        var chunks = plan.ToSubmission("j").Chunks.ToList();

        Assert.Equal(3, plan.TotalParameters);
        Assert.Equal(new[] { "x", "label", "flag" }, plan.Space.Names);
        Assert.Equal(2, chunks.Count);

        var first = new Parameter(1, plan.Space.SourceFor(chunks[0].Start, chunks[0].Payload));
        Assert.Equal(2.5, first.GetDouble("x"));
        Assert.Equal("b,c", first.GetString("label"));
        Assert.False(first.GetBoolean("flag"));

        var last = new Parameter(2, plan.Space.SourceFor(chunks[1].Start, chunks[1].Payload));
        Assert.Equal(Value.FromInt64(-3), last["x"]);
        Assert.True(last["label"].IsNull);
    }

    [Fact]
    public void Jsonl_UsesJsonTypes_AndKeysInAnyOrder()
    {
        var path = _dir.File("p.jsonl", "{\"x\": 1, \"name\": \"7\", \"ok\": null}\n\n{\"ok\": true, \"x\": 2.5, \"name\": null}\n{\"x\": null, \"name\": null, \"ok\": null}\n");
        var plan = JobPlan.Create(new JobSpec { Computation = "c", Input = path, ChunkSize = 10 }, inputs: InputFileReader.Instance);
        var chunk = plan.ToSubmission("j").Chunks.Single();
        var source = plan.Space.SourceFor(chunk.Start, chunk.Payload)!;

        Assert.Equal(new[] { "x", "name", "ok" }, plan.Space.Names);
        Assert.Equal(Value.FromInt64(1), source.GetValue(0, 0));
        Assert.Equal(Value.FromString("7"), source.GetValue(0, 1));
        Assert.True(source.GetValue(0, 2).IsNull);
        Assert.Equal(Value.FromDouble(2.5), source.GetValue(1, 0));
        Assert.Equal(Value.FromBoolean(true), source.GetValue(1, 2));
        Assert.True(source.GetValue(2, 0).IsNull);
    }

    [Fact]
    public void Csv_ReadsByteOrderMark_QuotedCommas_AndCrlf()
    {
        var path = Path.Combine(_dir.Path, "bom.csv");
        File.WriteAllBytes(path, [.. System.Text.Encoding.UTF8.GetPreamble(), .. System.Text.Encoding.UTF8.GetBytes("x,label\r\n1,\"a, b\"\r\n2,\"say \"\"hi\"\"\"\r\n")]);
        var plan = JobPlan.Create(new JobSpec { Computation = "c", Input = path, ChunkSize = 100 }, inputs: InputFileReader.Instance);
        var chunk = plan.ToSubmission("j").Chunks.Single();
        var source = plan.Space.SourceFor(chunk.Start, chunk.Payload)!;

        Assert.Equal(new[] { "x", "label" }, plan.Space.Names);
        Assert.Equal(Value.FromInt64(1), source.GetValue(0, 0));
        Assert.Equal("a, b", source.GetValue(0, 1).ToString());
        Assert.Equal("say \"hi\"", source.GetValue(1, 1).ToString());
    }

    [Fact]
    public void Split_SlicesPayloadRows_SoEachHalfReadsItsOwnRows()
    {
        var lines = string.Join("\n", Enumerable.Range(0, 7).Select(i => $"{i},row{i}"));
        var path = _dir.File("p.csv", "n,s\n" + lines + "\n");
        var plan = JobPlan.Create(new JobSpec { Computation = "c", Input = path, ChunkSize = 7 }, inputs: InputFileReader.Instance);
        var chunk = plan.ToSubmission("j").Chunks.Single();
        var lease = Lease(chunk);

        var halves = plan.Split(lease);
        var quarters = plan.Split(Lease(halves[1]));

        Assert.Equal((0L, 3), (halves[0].Start, halves[0].Count));
        Assert.Equal((3L, 4), (halves[1].Start, halves[1].Count));
        Assert.Equal((5L, 2), (quarters[1].Start, quarters[1].Count));
        foreach (var part in halves.Concat(quarters))
        {
            var source = plan.Space.SourceFor(part.Start, part.Payload)!;
            for (var i = part.Start; i < part.Start + part.Count; i++)
            {
                Assert.Equal(Value.FromInt64(i), source.GetValue(i, 0));
                Assert.Equal($"row{i}", source.GetValue(i, 1).ToString());
            }

            Assert.Throws<ArgumentOutOfRangeException>(() => source.GetValue(part.Start + part.Count, 0));
        }
    }

    [Fact]
    public void StoredPlan_ReadsRowsFromPayloads_WithoutTheFile()
    {
        var path = _dir.File("p.csv", "a,b\n1,x\n2,y\n");
        var plan = JobPlan.Create(new JobSpec { Computation = "c", Input = path, ChunkSize = 100 }, inputs: InputFileReader.Instance);
        var chunk = plan.ToSubmission("j").Chunks.Single();
        File.Delete(path);

        var restored = JobPlan.FromStoredJson(plan.ToStoredJson());
        var source = restored.Space.SourceFor(chunk.Start, chunk.Payload)!;

        Assert.Equal(2, restored.TotalParameters);
        Assert.Equal(new[] { "a", "b" }, restored.Space.Names);
        Assert.Equal("y", source.GetValue(1, 1).ToString());
        Assert.Throws<InvalidOperationException>(() => restored.Space.PayloadFor(0, 1));
    }

    [Theory]
    [InlineData("p.csv", "", "is empty")]
    [InlineData("p.csv", "a,a\n1,2\n", "repeated column")]
    [InlineData("p.csv", "a,b\n1,2,3\n", "line 2 has 3 cells")]
    [InlineData("p.csv", "a,b\n", "has no rows")]
    [InlineData("p.csv", "a,b,c\n1,2,3\n4,5\n", "line 3 has 2 cells but the header names 3 columns: column 'c' is missing")]
    [InlineData("p.csv", "a,b\r\n1,2\r\n3\r\n", "line 3 has 1 cell but")]
    [InlineData("p.jsonl", "{\"a\": 1, \"b\": 2}\n\n{\"a\": 3}\n", "line 3 has no key 'b', which line 1 has")]
    [InlineData("p.jsonl", "{\"a\": 1}\n{\"a\": 3, \"z\": 4}\n", "line 2 has key 'z', which line 1 lacks")]
    [InlineData("p.jsonl", "{\"a\": 1}\n[1,2]\n", "line 2 is not a JSON object")]
    [InlineData("p.jsonl", "{\"a\": 1}\n{oops\n", "line 2 is not valid JSON")]
    [InlineData("p.jsonl", "{\"a\": {\"b\": 1}}\n", "nested object")]
    [InlineData("p.txt", "a\n1\n", "extension '.txt'")]
    public void Create_RejectsBadInputFiles_NamingFileAndFix(string name, string content, string expected)
    {
        var path = _dir.File(name, content);

        var ex = Assert.Throws<JobSpecException>(() => JobPlan.Create(new JobSpec { Computation = "c", Input = path }, inputs: InputFileReader.Instance));

        Assert.Contains(expected, ex.Message);
        Assert.Contains(path, ex.Message);
        Assert.DoesNotContain('\n', ex.Message);
    }

    [Fact]
    public void Create_RejectsMissingInputFile()
    {
        var ex = Assert.Throws<JobSpecException>(() => JobPlan.Create(new JobSpec { Computation = "c", Input = Path.Combine(_dir.Path, "none.csv") }, inputs: InputFileReader.Instance));

        Assert.Contains("does not exist", ex.Message);
    }

    private static ChunkLease Lease(ChunkSpec chunk) => new()
    {
        JobId = "j",
        ChunkId = "c",
        Start = chunk.Start,
        Count = chunk.Count,
        Attempt = 3,
        WorkerId = "w",
        Token = "t",
        Payload = chunk.Payload,
    };
}
