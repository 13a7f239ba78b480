using System.Diagnostics;
using System.Globalization;

namespace Ttg.Bench;

/// <summary>One measured job: <c>ttg submit</c>, then W standalone <c>ttg worker</c> processes until they all exit.</summary>
internal sealed record JobResult(
    double WallSeconds,
    double ComputeSeconds,
    long Parameters,
    IReadOnlyList<double> FirstLeaseMs,
    IReadOnlyList<double> PeakRssMiB,
    double WorkerCpuSeconds,
    long RedisPeakBytes,
    long RedisStoredBytes,
    double RedisCpuSeconds)
{
    public double ParamsPerSecond => Parameters / WallSeconds;

    public double ComputeParamsPerSecond => Parameters / ComputeSeconds;
}

internal static class JobRun
{
    /// <summary>Submits and computes one job; <paramref name="onRunning"/> may act while the workers run (the fault scenario).</summary>
    public static async Task<JobResult> ExecuteAsync(
        TtgProcesses ttg, Backend backend, string computation, long parameters, int chunkSize, int workers,
        IEnumerable<string>? extra = null, Func<string, IReadOnlyList<WorkerHandle>, Task>? onRunning = null)
    {
        var jobId = "bench-" + Guid.NewGuid().ToString("N")[..8];
        long redisBase = 0;
        double redisCpuBase = 0;
        if (backend.Redis is { } r)
        {
            redisBase = await r.InfoAsync("memory", "used_memory");
            redisCpuBase = await r.CpuSecondsAsync();
        }

        var clock = Stopwatch.StartNew();
        var submit = new List<string> { "submit", computation, "--params", parameters.ToString(CultureInfo.InvariantCulture), "--chunk-size", chunkSize.ToString(CultureInfo.InvariantCulture), "--job-id", jobId };
        submit.AddRange(extra ?? []);
        submit.AddRange(backend.Arguments);
        await ttg.RunAsync(submit, TimeSpan.FromMinutes(5));

        var handles = new List<WorkerHandle>();
        for (var i = 1; i <= workers; i++)
        {
            var id = $"{jobId}-w{i}";
            var arguments = new List<string> { "worker", "--job", jobId, "--exit-when-idle", "--concurrency", "1", "--worker-id", id, "--log-format", "json", "--log-level", "INFO" };
            arguments.AddRange(backend.Arguments);
            handles.Add(ttg.StartWorker(arguments, id));
        }

        using var samplerStop = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!samplerStop.IsCancellationRequested)
            {
                foreach (var h in handles)
                {
                    h.Sample();
                }

                try
                {
                    await Task.Delay(10, samplerStop.Token);
                }
                catch (OperationCanceledException)
                {
                }
            }
        });

        var running = onRunning is null ? Task.CompletedTask : onRunning(jobId, handles);
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(10));
        foreach (var h in handles)
        {
            await h.Process.WaitForExitAsync(timeout.Token);
        }

        var wall = clock.Elapsed.TotalSeconds;
        await running;
        await samplerStop.CancelAsync();
        await sampler;
        foreach (var h in handles.Where(h => h.Process.ExitCode != 0 && onRunning is null))
        {
            throw new InvalidOperationException($"worker {h.WorkerId} exited {h.Process.ExitCode}:\n{h.LogText}");
        }

        long peak = 0, stored = 0;
        double redisCpu = 0;
        if (backend.Redis is { } redis)
        {
            redisCpu = await redis.CpuSecondsAsync() - redisCpuBase;
            peak = await redis.InfoAsync("memory", "used_memory_peak") - redisBase;
            stored = await redis.InfoAsync("memory", "used_memory") - redisBase;
        }

        var firstLeases = handles.Select(h => h.EventTimes(13).FirstOrDefault()).ToList();
        var stops = handles.SelectMany(h => h.EventTimes(8)).ToList();
        var computeSeconds = firstLeases.Any(t => t != default) && stops.Count > 0
            ? (stops.Max() - firstLeases.Where(t => t != default).Min()).TotalSeconds
            : wall;
        return new JobResult(
            wall,
            Math.Max(computeSeconds, 1e-3),
            parameters,
            handles.Zip(firstLeases).Where(p => p.Second != default).Select(p => (p.Second - p.First.SpawnedAt).TotalMilliseconds).ToList(),
            handles.Select(h => h.Last.PeakRssKiB / 1024.0).ToList(),
            handles.Sum(h => h.Last.CpuSeconds),
            peak,
            stored,
            redisCpu);
    }
}
