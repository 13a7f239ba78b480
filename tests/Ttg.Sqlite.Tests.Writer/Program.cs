using Ttg.Sqlite;
using Ttg.WorkQueue;

// Usage: Ttg.Sqlite.Tests.Writer <store> <jobId> <chunks>
// Submits the job when missing, then leases and completes chunks of one parameter until none are left,
// printing "completed <n>" after every batch. Each result is the chunk's start as 8 little-endian bytes.
var (path, jobId, chunks) = (args[0], args[1], int.Parse(args[2]));
await using var backend = await SqliteBackend.OpenAsync(new SqliteBackendOptions { Path = path });
if (await backend.GetJobAsync(jobId) is null)
{
    await backend.SubmitAsync(new JobSubmission
    {
        JobId = jobId,
        Name = jobId,
        Computation = "writer",
        TotalParameters = chunks,
        Lease = TimeSpan.FromMinutes(5),
        MaxAttempts = 3,
        SpecJson = "{}",
        ChunkCount = chunks,
        Chunks = Enumerable.Range(0, chunks).Select(i => new ChunkSpec(i, 1)),
    });
}

var worker = $"writer-{Environment.ProcessId}";
var completed = 0;
while (true)
{
    var leases = await backend.LeaseAsync(new LeaseRequest(worker, 20, ["writer"]));
    if (leases.Count == 0)
    {
        return 0;
    }

    var outcomes = await backend.CompleteManyAsync(leases
        .Select(l => new ChunkCompletionRequest(l, new ChunkCompletion(BitConverter.GetBytes(l.Start), 1, 0)))
        .ToList());
    completed += outcomes.Count(o => o == LeaseOutcome.Accepted);
    Console.WriteLine($"completed {completed}");
}
