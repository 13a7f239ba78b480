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

    [Theory]
    [InlineData("Ttg.Programs.ProgramFailedException", "program failed")]
    [InlineData("Ttg.Workers.ParameterTimeoutException", "timed out")]
    [InlineData(ParameterFailure.WorkerLostType, "worker lost")]
    [InlineData("System.InvalidOperationException", "InvalidOperationException")]
    [InlineData("MyModel.Solver+DivergedException", "DivergedException")]
    [InlineData("NoNamespaceException", "NoNamespaceException")]
    public void Kind_IsWordsForWhatTtgRecords_AndTheShortTypeForTheComputationsOwn(string type, string kind)
    {
        var failure = new ParameterFailure(type, "why", 2);

        Assert.Equal(kind, failure.Kind);
        Assert.Equal($"{kind}: why (attempts 2)", failure.ToString());
        Assert.Equal(type, failure.ExceptionType); // scripts still get the full name
    }

    [Fact]
    public void TheOwnKinds_FollowTheTypesTheyName()
    {
        Assert.Equal("program failed", ParameterFailure.From(new Ttg.Programs.ProgramFailedException("exited 3"), 1).Kind);
        Assert.Equal("timed out", ParameterFailure.From(new ParameterTimeoutException(4, TimeSpan.FromSeconds(1)), 1).Kind);
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
