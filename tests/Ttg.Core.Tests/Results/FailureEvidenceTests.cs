using System.Text.Json;
using Ttg.Jobs;
using Ttg.Reports;
using Ttg.Results;
using Ttg.WorkQueue;
using Ttg.Workers;

namespace Ttg.Core.Tests.Results;

/// <summary>A failed parameter keeps its evidence (type, message, attempts, bounded stack trace) through the store to every export.</summary>
public sealed class FailureEvidenceTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Failure_FromAnException_KeepsTypeMessageAttemptsAndTrace_ThroughTheCodec()
    {
        var lease = new ChunkLease { JobId = "j", ChunkId = "c", Start = 7, Count = 1, Attempt = 3, WorkerId = "w", Token = "t" };

        var completion = ChunkExecutor.Failure(lease, Thrown());
        var failure = ResultCodec.Decode(new StoredChunk(7, 1, completion.Results, ReadOnlyMemory<byte>.Empty)).Single().Failure!;

        Assert.Equal("System.InvalidOperationException", failure.ExceptionType);
        Assert.Equal("bad parameter", failure.Message);
        Assert.Equal(3, failure.Attempts);
        Assert.Contains(nameof(Thrown), failure.StackTrace);
        Assert.Contains("--- inner: System.FormatException: the cause", failure.StackTrace);
    }

    [Fact]
    public void LongTrace_IsBounded()
    {
        var failure = ParameterFailure.From(Deep(200), 1);

        Assert.True(failure.StackTrace!.Length <= ParameterFailure.MaxStackTraceLength);
        Assert.EndsWith("(trace cut)", failure.StackTrace);
    }

    [Fact]
    public void OldBlobWithoutTraces_StillReads()
    {
        // Version 1, tagged, one parameter: a failure of type "T", message "m", attempts 2, as earlier builds wrote it.
        byte[] v1 = [1, 1, 1, 0, 3, 1, (byte)'T', 1, (byte)'m', 2];

        var failure = ResultCodec.Decode(new StoredChunk(0, 1, v1, ReadOnlyMemory<byte>.Empty)).Single().Failure!;

        Assert.Equal(new ParameterFailure("T", "m", 2), failure);
        Assert.Null(failure.StackTrace);
    }

    [Fact]
    public async Task Trace_IsInJsonl_Parquet_AndTheReport()
    {
        var plan = JobPlan.Create(new JobSpec { Computation = "f", Params = 4 });
        var store = new FakeJobStore(plan, p => p.Index == 2 ? null : p.Index, failure: _ => ParameterFailure.From(Thrown(), 3));

        await ResultExporter.ExportAsync(store, store.Job, Path.Combine(_dir.Path, "r.jsonl"));
        await ResultExporter.ExportAsync(store, store.Job, Path.Combine(_dir.Path, "r.parquet"));
        var html = HtmlReport.Render(await JobReportBuilder.BuildAsync(store, store.Job, ResultGoal.Minimize, TimeProvider.System));

        var row = JsonDocument.Parse(File.ReadLines(Path.Combine(_dir.Path, "r.jsonl")).ElementAt(2)).RootElement;
        Assert.Equal("System.InvalidOperationException", row.GetProperty("errorType").GetString());
        Assert.Equal("bad parameter", row.GetProperty("errorMessage").GetString());
        Assert.Equal(3, row.GetProperty("attempts").GetInt32());
        Assert.Contains(nameof(Thrown), row.GetProperty("stackTrace").GetString());

        var parquet = await ParquetTable.ReadAsync(Path.Combine(_dir.Path, "r.parquet"));
        Assert.Equal("bad parameter", parquet.Columns["errorMessage"][2]);
        Assert.Equal(3L, parquet.Columns["attempts"][2]);
        Assert.Contains(nameof(Thrown), (string)parquet.Columns["stackTrace"][2]!);
        Assert.Null(parquet.Columns["stackTrace"][1]);

        Assert.Contains("<summary>stack trace</summary>", html);
        Assert.Contains(nameof(Thrown), html);
    }

    private static Exception Thrown()
    {
        try
        {
            throw new InvalidOperationException("bad parameter", new FormatException("the cause"));
        }
        catch (InvalidOperationException ex)
        {
            return ex;
        }
    }

    private static Exception Deep(int depth)
    {
        try
        {
            Recurse(depth);
            return new InvalidOperationException("unreachable");
        }
        catch (InvalidOperationException ex)
        {
            return ex;
        }
    }

    private static void Recurse(int depth)
    {
        if (depth == 0)
        {
            throw new InvalidOperationException("deep");
        }

        Recurse(depth - 1);
    }
}
