using StackExchange.Redis;
using Ttg.WorkQueue;

namespace Ttg.Redis;

// Queued leases and the per-job roster of workers (last seen, host, fault note).
internal sealed partial class RedisTtgBackend
{
    /// <inheritdoc />
    public async Task MarkStartedAsync(IReadOnlyList<ChunkLease> leases, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(leases);
        await EvaluatePerJobAsync(RedisScripts.MarkStarted, leases, cancellationToken);
    }

    /// <inheritdoc />
    public async Task ReportWorkerAsync(WorkerNote note, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(note);
        ArgumentNullException.ThrowIfNull(note.JobIds);
        RedisValue[] args = [note.WorkerId, note.Host is null ? 0 : 1, note.Host ?? "", note.Fault ?? ""];
        var calls = note.JobIds.Distinct(StringComparer.Ordinal).Select(id => _db.ScriptEvaluateAsync(RedisScripts.ReportWorker, Keys(id).All, args));
        await Task.WhenAll(calls).WaitAsync(cancellationToken);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<WorkerSessionInfo>> ListWorkersAsync(string jobId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(jobId);
        var result = (RedisResult[])(await EvalAsync(RedisScripts.ListWorkers, Keys(jobId), [], cancellationToken))!;
        var workers = new List<WorkerSessionInfo>();
        for (var r = 1; r + 6 < result.Length; r += 7)
        {
            var host = (string?)result[r + 1];
            var fault = (string?)result[r + 4];
            var faultAt = (long)result[r + 5];
            workers.Add(new WorkerSessionInfo
            {
                WorkerId = (string)result[r]!,
                Host = string.IsNullOrEmpty(host) ? null : host,
                LastSeen = DateTimeOffset.FromUnixTimeMilliseconds((long)result[r + 2]),
                Alive = (int)result[r + 3] == 1,
                Fault = string.IsNullOrEmpty(fault) ? null : fault,
                FaultAt = string.IsNullOrEmpty(fault) || faultAt == 0 ? null : DateTimeOffset.FromUnixTimeMilliseconds(faultAt),
                ChunksHeld = (long)result[r + 6],
            });
        }

        workers.Sort((a, b) => string.CompareOrdinal(a.WorkerId, b.WorkerId));
        return workers;
    }
}
