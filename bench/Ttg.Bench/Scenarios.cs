using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using StackExchange.Redis;

namespace Ttg.Bench;

/// <summary>B1–B5. Each scenario runs <see cref="Sizes.Runs"/> times on fresh stores and adds its figures to the report.</summary>
internal sealed partial class Scenarios(TtgProcesses ttg, string workDirectory, Sizes sizes, Report report)
{
    private readonly List<double> _rssMiB = [];
    private readonly List<double> _firstLeaseMs = [];

    private static readonly string[] Kinds = ["sqlite", "redis"];

    /// <summary>
    /// One small discarded job per backend before anything is measured: the first jobs after a build ran markedly
    /// slower (B1 Redis 35,500/s in a suite started right after publishing ttg, 55,000/s a minute later).
    /// </summary>
    public async Task WarmUpAsync()
    {
        foreach (var kind in Kinds)
        {
            await using var b = await Backend.CreateAsync(kind, workDirectory);
            await JobRun.ExecuteAsync(ttg, b, "square", Sizes.Smoke.B1Params, 1, 2);
        }
    }

    /// <summary>B1: chunk size 1, square, 2 workers — what one chunk costs the backend and the worker.</summary>
    public async Task PerTaskOverheadAsync()
    {
        foreach (var kind in Kinds)
        {
            var results = await RepeatAsync(kind, b => JobRun.ExecuteAsync(ttg, b, "square", sizes.B1Params, 1, 2));
            var name = kind == "redis" ? "Redis" : "SQLite";
            var target = kind == "redis" ? 50_000 : 20_000;
            report.Add("B1", $"{name}: params/s, chunk size 1, {sizes.B1Params:N0} chunks, submit to last result", [.. results.Select(r => r.ParamsPerSecond)], "N0");
            report.Add("B1", $"{name}: params/s while computing (first lease to last worker stopped)", [.. results.Select(r => r.ComputeParamsPerSecond)], "N0", $"≥ {target:N0}", v => v >= target);
            report.Add("B1", $"{name}: worker CPU per 1,000 chunks, both workers, start-up included (ms)", [.. results.Select(r => r.WorkerCpuSeconds * 1e6 / r.Parameters)], "F1");
            if (kind == "redis")
            {
                report.Add("B1", "Redis: redis-server CPU per 1,000 chunks (ms)", [.. results.Select(r => r.RedisCpuSeconds * 1e6 / r.Parameters)], "F1");
            }
        }
    }

    /// <summary>B2: a large sweep in big chunks; on Redis also its memory. Feeds B5 with the workers' peak RSS and start-up.</summary>
    public async Task ChunkedSweepAsync()
    {
        foreach (var kind in Kinds)
        {
            var results = await RepeatAsync(kind, b => JobRun.ExecuteAsync(ttg, b, "square", sizes.B2Params, sizes.B2Chunk, 2));
            var name = kind == "redis" ? "Redis" : "SQLite";
            report.Add("B2", $"{name}: wall s, {sizes.B2Params:N0} params, chunk {sizes.B2Chunk:N0}, submit to last result", [.. results.Select(r => r.WallSeconds)], "F2", "≤ 15 s", v => v <= 15);
            report.Add("B2", $"{name}: params/s", [.. results.Select(r => r.ParamsPerSecond)], "N0");
            if (kind == "redis")
            {
                report.Add("B2", "Redis: used_memory_peak above the empty server (MiB)", [.. results.Select(r => r.RedisPeakBytes / 1048576.0)], "F1");
                report.Add("B2", "Redis: bytes of used_memory per stored result", [.. results.Select(r => (double)r.RedisStoredBytes / r.Parameters)], "F2", "≤ 16", v => v <= 16);
            }

            _rssMiB.AddRange(results.SelectMany(r => r.PeakRssMiB));
            _firstLeaseMs.AddRange(results.SelectMany(r => r.FirstLeaseMs));
        }
    }

    /// <summary>B5: from the B2 runs.</summary>
    public void WorkerFootprint()
    {
        report.Add("B5", "worker peak RSS during B2 (VmHWM, MiB; every worker of every run)", _rssMiB, "F1", "≤ 100 MiB", v => v <= 100);
        report.Add("B5", "worker process start to its first lease (ms)", _firstLeaseMs, "F0", "≤ 500 ms", v => v <= 500);
    }

    /// <summary>B3: the same CPU-bound work on 1 and on 2 workers.</summary>
    public async Task ScalingAsync()
    {
        var one = new List<double>();
        var two = new List<double>();
        var oneCompute = new List<double>();
        var twoCompute = new List<double>();
        var twoShare = new List<double>();
        var extra = new[] { "--work-ms", "1" };
        for (var run = 0; run < sizes.Runs; run++)
        {
            await using (var b = await Backend.CreateAsync("sqlite", workDirectory))
            {
                var r = await JobRun.ExecuteAsync(ttg, b, "spin", sizes.B3Params, sizes.B3Chunk, 1, extra);
                one.Add(r.WallSeconds);
                oneCompute.Add(r.ComputeSeconds);
            }

            await using (var b = await Backend.CreateAsync("sqlite", workDirectory))
            {
                var r = await JobRun.ExecuteAsync(ttg, b, "spin", sizes.B3Params, sizes.B3Chunk, 2, extra);
                two.Add(r.WallSeconds);
                twoCompute.Add(r.ComputeSeconds);
                twoShare.Add(100 * r.WorkerCpuSeconds / (2 * r.ComputeSeconds));
            }
        }

        report.Add("B3", $"spin 1 ms × {sizes.B3Params:N0}, chunk {sizes.B3Chunk}: T1 wall s (1 worker)", one, "F2");
        report.Add("B3", "T2 wall s (2 workers)", two, "F2");
        report.Add("B3", "efficiency T1 / (2 × T2), submit to last result (%)", [.. one.Zip(two).Select(p => 100 * p.First / (2 * p.Second))], "F1", "≥ 95%", v => v >= 95);
        report.Add("B3", "efficiency on computing time only, first lease to last stop (%)", [.. oneCompute.Zip(twoCompute).Select(p => 100 * p.First / (2 * p.Second))], "F1");
        report.Add("B3", "2 workers: CPU the two workers got, as % of two full cores over the computing time", twoShare, "F1");
    }

    /// <summary>B4 under <c>ttg run</c>: the parent sees the child die and frees its leases at once.</summary>
    public async Task RecoveryUnderRunAsync()
    {
        foreach (var kind in Kinds)
        {
            var recovery = new List<double>();
            var reclaimed = new List<double>();
            for (var run = 0; run < sizes.Runs; run++)
            {
                await using var b = await Backend.CreateAsync(kind, workDirectory);
                var arguments = new List<string> { "run", "spin", "--work-ms", "1", "--params", sizes.B4Params.ToString(CultureInfo.InvariantCulture), "--chunk-size", sizes.B4Chunk.ToString(CultureInfo.InvariantCulture), "--workers", "2", "--kill-worker-at", "30%" };
                arguments.AddRange(b.Arguments);
                var output = await ttg.RunAsync(arguments, TimeSpan.FromMinutes(5));
                var m = RecoveryLine().Match(output);
                if (m.Success)
                {
                    recovery.Add(double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture));
                }
                else
                {
                    report.Note($"B4 ttg run on {b.Name}: no recovery line in the output:\n{output}");
                }

                var d = ReclaimedLine().Match(output);
                if (d.Success)
                {
                    reclaimed.Add(double.Parse(d.Groups[1].Value, CultureInfo.InvariantCulture));
                }
            }

            var name = kind == "redis" ? "Redis" : "SQLite";
            report.Add("B4", $"{name}, `ttg run`: kill to the dead worker's chunks running elsewhere (ms)", recovery, "F0", "≤ 1,000 ms", v => v <= 1000);
            report.Add("B4", $"{name}, `ttg run`: chunks reclaimed (each at most {sizes.B4Chunk} extra executions)", reclaimed, "F0");
        }
    }

    private async Task<List<JobResult>> RepeatAsync(string kind, Func<Backend, Task<JobResult>> body)
    {
        var results = new List<JobResult>();
        for (var run = 0; run < sizes.Runs; run++)
        {
            await using var b = await Backend.CreateAsync(kind, workDirectory);
            results.Add(await body(b));
        }

        return results;
    }

    [GeneratedRegex(@"Recovery: .* (\d+) ms after the kill")]
    private static partial Regex RecoveryLine();

    [GeneratedRegex(@"reclaimed chunks: (\d+)")]
    private static partial Regex ReclaimedLine();
}
