using System.Diagnostics;
using StackExchange.Redis;

namespace Ttg.Bench;

internal sealed partial class Scenarios
{
    /// <summary>
    /// B4 with standalone <c>ttg worker</c> processes on Redis: nobody watches them, so the dead worker's chunks
    /// come back when its session lapses (the workers' default liveness, 2 s), before its leases expire. Measured on the server: the time from the SIGKILL until every chunk
    /// the victim held is completed or leased by another worker.
    /// </summary>
    public async Task RecoveryStandaloneAsync()
    {
        var recovery = new List<double>();
        var reclaimed = new List<double>();
        for (var run = 0; run < sizes.Runs; run++)
        {
            await using var b = await Backend.CreateAsync("redis", workDirectory);
            var db = await b.Redis!.DatabaseAsync();
            double? measured = null;
            string? jobKey = null;
            var extra = new[] { "--work-ms", "1", "--lease", sizes.Lease.ToString(System.Globalization.CultureInfo.InvariantCulture) };
            await JobRun.ExecuteAsync(ttg, b, "spin", sizes.B4Params, sizes.B4Chunk, 2, extra, async (jobId, workers) =>
            {
                jobKey = "{ttg:" + jobId + "}:";
                var victim = workers[0];
                RedisValue[] held = [];
                var wait = Stopwatch.StartNew();
                while (wait.Elapsed < TimeSpan.FromMinutes(2))
                {
                    var done = (long?)await db.HashGetAsync(jobKey + "meta", "done") ?? 0;
                    if (done >= sizes.B4Params * 3 / 10)
                    {
                        break;
                    }

                    await Task.Delay(5);
                }

                // Killed first, then read: a dead worker's leases no longer change, so these are exactly the chunks it held.
                victim.Process.Kill();
                var killed = Stopwatch.StartNew();
                held = [.. (await db.HashGetAllAsync(jobKey + "leases")).Where(e => ((string)e.Value!).EndsWith("|" + victim.WorkerId, StringComparison.Ordinal)).Select(e => e.Name)];
                if (held.Length == 0)
                {
                    report.Note("B4 standalone: the killed worker held no chunk at its death; nothing to recover in that run.");
                    return;
                }

                while (killed.Elapsed < TimeSpan.FromSeconds(60))
                {
                    var now = await db.HashGetAsync(jobKey + "leases", held);
                    if (now.All(v => v.IsNull || !((string)v!).EndsWith("|" + victim.WorkerId, StringComparison.Ordinal)))
                    {
                        measured = killed.Elapsed.TotalMilliseconds;
                        return;
                    }

                    await Task.Delay(5);
                }
            });

            if (measured is { } ms)
            {
                recovery.Add(ms);
            }

            reclaimed.Add((long?)await db.HashGetAsync(jobKey + "meta", "recl") ?? 0);
        }

        report.Add("B4", $"Redis, standalone workers (lease {sizes.Lease} s, default liveness 2 s): kill to the dead worker's chunks running elsewhere (ms)", recovery, "F0", $"≤ {sizes.Lease * 1000:N0} ms", v => v <= sizes.Lease * 1000);
        report.Add("B4", $"Redis, standalone workers: chunks reclaimed (each at most {sizes.B4Chunk} extra executions)", reclaimed, "F0");
    }
}
