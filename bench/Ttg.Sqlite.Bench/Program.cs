using System.Diagnostics;
using Ttg.Sqlite;
using Ttg.WorkQueue;

// Measures the backend alone: workers compute nothing, so the numbers are the store's ceiling.
// Usage: Ttg.Sqlite.Bench [dir [inproc]]  run every measure (or only the in-process ones) in a temp or given directory
//        Ttg.Sqlite.Bench worker <db> <batch> <resultBytesPerParameter>   (spawned by the run)
if (args.Length > 0 && args[0] == "worker")
{
    return await WorkerAsync(args[1], int.Parse(args[2]), int.Parse(args[3]));
}

var dir = args.Length > 0 ? args[0] : Directory.CreateTempSubdirectory("ttg-bench-").FullName;
Directory.CreateDirectory(dir);
Console.WriteLine($"store directory: {dir}");
await MeasureSubmitAsync(Path.Combine(dir, "submit.db"), 100_000);
await MeasureInProcessAsync(Path.Combine(dir, "inproc.db"), 100_000, batch: 256);
if (args.Length > 1 && args[1] == "inproc")
{
    return 0;
}

await MeasureThroughputAsync(Path.Combine(dir, "size1.db"), parameters: 100_000, chunkSize: 1, batch: 256, workers: 2);
await MeasureThroughputAsync(Path.Combine(dir, "size10k.db"), parameters: 10_000_000, chunkSize: 10_000, batch: 2, workers: 2);
return 0;

static JobSubmission Job(string id, long parameters, int chunkSize)
{
    var chunks = (int)((parameters + chunkSize - 1) / chunkSize);
    return new JobSubmission
    {
        JobId = id,
        Name = id,
        Computation = "bench",
        TotalParameters = parameters,
        Lease = TimeSpan.FromSeconds(60),
        MaxAttempts = 3,
        SpecJson = "{}",
        ChunkCount = chunks,
        Chunks = Enumerable.Range(0, chunks).Select(i => new ChunkSpec((long)i * chunkSize, (int)Math.Min(chunkSize, parameters - ((long)i * chunkSize)))),
    };
}

static async Task MeasureSubmitAsync(string path, int chunks)
{
    await using var backend = await SqliteBackend.OpenAsync(new SqliteBackendOptions { Path = path });
    var cpu = Process.GetCurrentProcess().TotalProcessorTime;
    var clock = Stopwatch.StartNew();
    await backend.SubmitAsync(Job("submit", chunks, 1));
    var used = Process.GetCurrentProcess().TotalProcessorTime - cpu;
    Console.WriteLine($"submit {chunks:N0} chunks: {clock.ElapsedMilliseconds} ms wall, {used.TotalMilliseconds:F0} ms CPU");
}

static async Task MeasureThroughputAsync(string path, long parameters, int chunkSize, int batch, int workers)
{
    await using var backend = await SqliteBackend.OpenAsync(new SqliteBackendOptions { Path = path });
    var clock = Stopwatch.StartNew();
    await backend.SubmitAsync(Job("run", parameters, chunkSize));
    var submitMs = clock.ElapsedMilliseconds;
    var self = typeof(Program).Assembly.Location;
    var processes = Enumerable.Range(0, workers).Select(_ =>
    {
        var start = new ProcessStartInfo(Environment.ProcessPath!);
        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet")
        {
            start.ArgumentList.Add(self);
        }

        foreach (var arg in new[] { "worker", path, batch.ToString(), "8" })
        {
            start.ArgumentList.Add(arg);
        }

        start.RedirectStandardOutput = true;

        return Process.Start(start)!;
    }).ToList();
    var workerCpuMs = 0.0;
    foreach (var process in processes)
    {
        workerCpuMs += double.Parse(await process.StandardOutput.ReadToEndAsync(), System.Globalization.CultureInfo.InvariantCulture);
        await process.WaitForExitAsync();
    }

    var elapsed = clock.Elapsed;
    var progress = await backend.GetProgressAsync("run");
    Console.WriteLine($"{parameters:N0} params, chunk size {chunkSize:N0}, {workers} worker processes, lease batch {batch}: " +
        $"{elapsed.TotalSeconds:F2} s total (submit {submitMs} ms), {parameters / elapsed.TotalSeconds:N0} params/s, " +
        $"workers' CPU {workerCpuMs:F0} ms ({parameters / (workerCpuMs / 1000):N0} params per CPU-second), state {progress?.Job.State}, done {progress?.Done:N0}, by worker [{string.Join(", ", progress?.ParametersByWorker.Values ?? [])}]");
}

static async Task MeasureInProcessAsync(string path, int chunks, int batch)
{
    await using var backend = await SqliteBackend.OpenAsync(new SqliteBackendOptions { Path = path });
    await backend.SubmitAsync(Job("inproc", chunks, 1));
    var request = new LeaseRequest("inproc", batch, ["bench"]);
    var leaseCpu = TimeSpan.Zero;
    var completeCpu = TimeSpan.Zero;
    var self = Process.GetCurrentProcess();
    var clock = Stopwatch.StartNew();
    while (true)
    {
        self.Refresh();
        var before = self.TotalProcessorTime;
        var leases = await backend.LeaseAsync(request);
        self.Refresh();
        var middle = self.TotalProcessorTime;
        leaseCpu += middle - before;
        if (leases.Count == 0)
        {
            break;
        }

        await backend.CompleteManyAsync(leases.Select(l => new ChunkCompletionRequest(l, new ChunkCompletion(new byte[8], 1, 0))).ToList());
        self.Refresh();
        completeCpu += self.TotalProcessorTime - middle;
    }

    Console.WriteLine($"in-process, {chunks:N0} chunks of 1, batch {batch}: {clock.ElapsedMilliseconds} ms wall, lease CPU {leaseCpu.TotalMilliseconds:F0} ms, complete CPU {completeCpu.TotalMilliseconds:F0} ms, " +
        $"{chunks / (leaseCpu + completeCpu).TotalSeconds:N0} params per CPU-second");
}

static async Task<int> WorkerAsync(string path, int batch, int resultBytes)
{
    await using var backend = await SqliteBackend.OpenAsync(new SqliteBackendOptions { Path = path });
    var worker = $"bench-{Environment.ProcessId}";
    var request = new LeaseRequest(worker, batch, ["bench"]);
    var slowest = TimeSpan.Zero;
    var calls = 0;
    while (true)
    {
        var call = Stopwatch.StartNew();
        var leases = await backend.LeaseAsync(request);
        slowest = call.Elapsed > slowest ? call.Elapsed : slowest;
        calls++;
        if (leases.Count == 0)
        {
            if (!await backend.HasOpenWorkAsync(["bench"]))
            {
                Console.Error.WriteLine($"{worker}: {calls} lease calls, slowest {slowest.TotalMilliseconds:F0} ms");
                Console.Write(Process.GetCurrentProcess().TotalProcessorTime.TotalMilliseconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
                return 0;
            }

            await Task.Delay(10);
            continue;
        }

        var completions = leases
            .Select(l => new ChunkCompletionRequest(l, new ChunkCompletion(new byte[l.Count * resultBytes], l.Count, 0)))
            .ToList();
        await backend.CompleteManyAsync(completions);
    }
}
