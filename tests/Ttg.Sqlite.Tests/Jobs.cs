using Ttg.WorkQueue;

namespace Ttg.Sqlite.Tests;

/// <summary>Submissions for tests that are not part of the conformance suite.</summary>
internal static class Jobs
{
    public static JobSubmission Submission(string jobId, int chunks, int chunkSize = 10, string computation = "test") => new()
    {
        JobId = jobId,
        Name = jobId,
        Computation = computation,
        TotalParameters = (long)chunks * chunkSize,
        Lease = TimeSpan.FromSeconds(30),
        MaxAttempts = 3,
        SpecJson = "{}",
        ChunkCount = chunks,
        Chunks = Enumerable.Range(0, chunks).Select(i => new ChunkSpec((long)i * chunkSize, chunkSize)),
    };
}
