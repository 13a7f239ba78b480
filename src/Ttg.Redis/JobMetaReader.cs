using System.Globalization;
using StackExchange.Redis;
using Ttg.WorkQueue;

namespace Ttg.Redis;

/// <summary>Reads a job's meta hash (see <see cref="JobKeys.Meta"/>).</summary>
internal static class JobMetaReader
{
    /// <summary>The hash as a dictionary, or null when the job does not exist.</summary>
    public static Dictionary<string, RedisValue>? ToFields(HashEntry[] entries)
    {
        if (entries.Length == 0)
        {
            return null;
        }

        return entries.ToDictionary(e => (string)e.Name!, e => e.Value, StringComparer.Ordinal);
    }

    /// <summary>The job as stored.</summary>
    public static JobInfo ToJob(string jobId, Dictionary<string, RedisValue> meta)
    {
        var finished = Get(meta, "finished");
        return new JobInfo
        {
            JobId = jobId,
            Name = (string)Get(meta, "name")!,
            Computation = (string)Get(meta, "comp")!,
            TotalParameters = Long(meta, "total"),
            ChunkCount = (int)Long(meta, "nchunks"),
            Lease = TimeSpan.FromMilliseconds(Long(meta, "lease")),
            MaxAttempts = (int)Long(meta, "maxatt"),
            SpecJson = (string)Get(meta, "spec")!,
            CreatedAt = DateTimeOffset.FromUnixTimeMilliseconds(Long(meta, "created")),
            State = ParseState((string?)Get(meta, "state")),
            FinishedAt = finished.IsNullOrEmpty ? null : DateTimeOffset.FromUnixTimeMilliseconds((long)finished),
        };
    }

    /// <summary>A numeric field, 0 when absent.</summary>
    public static long Long(Dictionary<string, RedisValue> meta, string field) =>
        meta.TryGetValue(field, out var value) && !value.IsNullOrEmpty ? long.Parse((string)value!, CultureInfo.InvariantCulture) : 0;

    private static RedisValue Get(Dictionary<string, RedisValue> meta, string field) =>
        meta.TryGetValue(field, out var value) ? value : RedisValue.Null;

    private static JobState ParseState(string? state) => state switch
    {
        "completed" => JobState.Completed,
        "cancelled" => JobState.Cancelled,
        "paused" => JobState.Paused,
        _ => JobState.Running,
    };
}
