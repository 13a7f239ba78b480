using System.Globalization;
using StackExchange.Redis;
using Ttg.WorkQueue;

namespace Ttg.Redis;

internal sealed partial class RedisTtgBackend
{
    /// <summary>The job's pace log within <see cref="JobPace.Horizon"/>, measured against the server's clock.</summary>
    private async Task<JobPace> ReadPaceAsync(JobKeys keys)
    {
        var reply = (RedisResult[])(await _db.ScriptEvaluateAsync(RedisScripts.Pace, keys.All, [JobPace.MaxSamples]))!;
        var now = (long)reply[0];
        var after = now - (long)JobPace.Horizon.TotalMilliseconds;
        var samples = new List<PaceSample>(reply.Length - 1);
        for (var i = 1; i < reply.Length; i++)
        {
            // serverMs|worker|parameters; a worker id may itself hold '|', so split at the first and the last.
            var entry = (string)reply[i]!;
            var first = entry.IndexOf('|', StringComparison.Ordinal);
            var last = entry.LastIndexOf('|');
            if (first <= 0 || last <= first)
            {
                continue;
            }

            var at = long.Parse(entry.AsSpan(0, first), CultureInfo.InvariantCulture);
            if (at >= after)
            {
                samples.Add(new PaceSample(DateTimeOffset.FromUnixTimeMilliseconds(at), entry[(first + 1)..last], long.Parse(entry.AsSpan(last + 1), CultureInfo.InvariantCulture)));
            }
        }

        return new JobPace(DateTimeOffset.FromUnixTimeMilliseconds(now), samples);
    }
}
