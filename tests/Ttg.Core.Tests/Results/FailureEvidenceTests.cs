using Ttg.Results;
using Ttg.WorkQueue;
using Ttg.Workers;

namespace Ttg.Core.Tests.Results;

/// <summary>A failed parameter keeps its evidence (type, message, attempts, bounded stack trace) through the codec; Ttg.Data.Tests follows it to every export.</summary>
public sealed class FailureEvidenceTests
{
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
