using System.Runtime.CompilerServices;
using Ttg.Jobs;
using Ttg.Results;
using Ttg.WorkQueue;

namespace Ttg.Core.Tests.Results;

/// <summary>An in-memory job store with one job whose results are computed up front; only reading results is real.</summary>
internal sealed class FakeJobStore : IJobStore
{
    private readonly List<StoredChunk> _chunks = [];

    public FakeJobStore(JobPlan plan, Func<Parameter, Result?> compute, string jobId = "job-1", bool storeChunks = true, Func<long, ParameterFailure>? failure = null)
    {
        var submission = plan.ToSubmission(jobId);
        Job = new JobInfo
        {
            JobId = jobId,
            Name = submission.Name,
            Computation = submission.Computation,
            TotalParameters = submission.TotalParameters,
            ChunkCount = submission.ChunkCount,
            Lease = submission.Lease,
            MaxAttempts = submission.MaxAttempts,
            SpecJson = submission.SpecJson,
            CreatedAt = DateTimeOffset.UnixEpoch,
            State = JobState.Completed,
        };

        foreach (var chunk in storeChunks ? submission.Chunks : [])
        {
            var source = plan.Space.SourceFor(chunk.Start, chunk.Payload);
            var builder = new ChunkResultBuilder(chunk.Start, chunk.Count);
            for (var i = 0; i < chunk.Count; i++)
            {
                var result = compute(new Parameter(chunk.Start + i, source, plan.Arguments));
                if (result is { } value)
                {
                    builder.SetResult(i, value);
                }
                else
                {
                    builder.SetFailure(i, failure?.Invoke(chunk.Start + i) ?? new ParameterFailure("InvalidOperationException", $"poisoned parameter {chunk.Start + i} (fail-on)", 3));
                }
            }

            _chunks.Add(new StoredChunk(chunk.Start, chunk.Count, builder.Build().Results, chunk.Payload));
        }
    }

    public JobInfo Job { get; }

    public int Reads { get; private set; }

    public async IAsyncEnumerable<StoredChunk> ReadResultsAsync(string jobId, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        Reads++;
        foreach (var chunk in _chunks)
        {
            cancellationToken.ThrowIfCancellationRequested();
            await Task.Yield();
            yield return chunk;
        }
    }

    public Task<JobInfo> SubmitAsync(JobSubmission submission, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<JobInfo?> GetJobAsync(string jobId, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<IReadOnlyList<JobInfo>> ListJobsAsync(CancellationToken cancellationToken = default) => Task.FromResult<IReadOnlyList<JobInfo>>([Job]);

    public Task<JobProgress?> GetProgressAsync(string jobId, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<ChunkStatus?> GetChunkStatusAsync(string jobId, string chunkId, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<bool> CancelAsync(string jobId, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<bool> DeleteAsync(string jobId, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<long> RetryFailedAsync(string jobId, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<IReadOnlyList<WorkerSessionInfo>> ListWorkersAsync(string jobId, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<bool> PauseAsync(string jobId, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<bool> ResumeAsync(string jobId, CancellationToken cancellationToken = default) => throw new NotSupportedException();
}
