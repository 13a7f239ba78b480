// Lease+complete throughput of the Redis backend against a running server.
// usage: Ttg.Redis.Bench <redis-url> submit <jobId> <params> <chunkSize>
//        Ttg.Redis.Bench <redis-url> work <jobId> <tasks> <maxChunks>
//        Ttg.Redis.Bench <redis-url> all <params> <chunkSize> <tasks> <maxChunks>
using System.Diagnostics;
using System.Globalization;
using Ttg.Redis;
using Ttg.WorkQueue;

var url = args[0];
var mode = args[1];
await using var backend = await RedisBackend.ConnectAsync(new RedisBackendOptions { Url = url, KeyPrefix = "bench" });

switch (mode)
{
    case "submit":
        await SubmitAsync(args[2], Long(args[3]), (int)Long(args[4]));
        break;
    case "work":
        await WorkAsync(args[2], (int)Long(args[3]), (int)Long(args[4]));
        break;
    default:
        var jobId = "all-" + Guid.NewGuid().ToString("N")[..6];
        var total = Long(args[2]);
        var clock = Stopwatch.StartNew();
        await SubmitAsync(jobId, total, (int)Long(args[3]));
        await WorkAsync(jobId, (int)Long(args[4]), (int)Long(args[5]));
        Console.WriteLine($"end-to-end (submit+work) {total:N0} params in {clock.Elapsed.TotalSeconds:F2} s");
        break;
}

async Task SubmitAsync(string jobId, long total, int chunkSize)
{
    var clock = Stopwatch.StartNew();
    var count = (int)((total + chunkSize - 1) / chunkSize);
    await backend.SubmitAsync(new JobSubmission
    {
        JobId = jobId, Name = jobId, Computation = "bench", TotalParameters = total, Lease = TimeSpan.FromSeconds(60),
        MaxAttempts = 3, SpecJson = "{}", ChunkCount = count,
        Chunks = Enumerable.Range(0, count).Select(i => new ChunkSpec((long)i * chunkSize, (int)Math.Min(chunkSize, total - (long)i * chunkSize))),
    });
    Console.WriteLine($"submit {count:N0} chunks in {clock.Elapsed.TotalSeconds:F2} s");
}

async Task WorkAsync(string jobId, int tasks, int maxChunks)
{
    var clock = Stopwatch.StartNew();
    long done = 0;
    var worker = "bench-" + Environment.ProcessId;
    await Task.WhenAll(Enumerable.Range(0, tasks).Select(t => Task.Run(async () =>
    {
        var request = new LeaseRequest($"{worker}-{t}", maxChunks, ["bench"]) { JobIds = [jobId] };
        while (true)
        {
            var leases = await backend.LeaseAsync(request);
            if (leases.Count == 0)
            {
                return;
            }

            var completions = leases.Select(l => new ChunkCompletionRequest(l, new ChunkCompletion(new byte[l.Count * 8], l.Count, 0))).ToList();
            await backend.CompleteManyAsync(completions);
            Interlocked.Add(ref done, leases.Sum(l => (long)l.Count));
        }
    })));
    var seconds = clock.Elapsed.TotalSeconds;
    Console.WriteLine($"work: {done:N0} params in {seconds:F2} s = {done / seconds:N0} params/s ({tasks} tasks x {maxChunks} chunks per lease)");
}

static long Long(string text) => long.Parse(text, CultureInfo.InvariantCulture);
