using System.Collections.Concurrent;
using Ttg.Jobs;
using Ttg.Workers.Faults;
using Ttg.WorkQueue;

namespace Ttg.Workers;

/// <summary>
/// Builds each job's runtime once per worker: parsing the spec and setting up the computation can be costly
/// (a user's computation may load data), and every chunk of the job shares the result.
/// </summary>
internal sealed class JobRuntimeCache(IJobStore store, ComputationRegistry registry)
{
    private readonly ConcurrentDictionary<string, Lazy<Task<JobRuntime?>>> _runtimes = new(StringComparer.Ordinal);
    private volatile bool _anyReady;

    /// <summary>The job's runtime, or null when the job no longer exists. Setup errors propagate (the chunk fails).</summary>
    public async Task<JobRuntime?> GetAsync(string jobId, CancellationToken cancellationToken)
    {
        var entry = _runtimes.GetOrAdd(jobId, id => new Lazy<Task<JobRuntime?>>(() => BuildAsync(id, CancellationToken.None)));
        try
        {
            // The build is shared by every chunk of the job, so one chunk's cancellation must not cancel it.
            var runtime = await entry.Value.WaitAsync(cancellationToken).ConfigureAwait(false);
            _anyReady = true;
            return runtime;
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            // A failed setup is not cached: the next chunk tries again (the failure may be transient).
            _runtimes.TryRemove(new KeyValuePair<string, Lazy<Task<JobRuntime?>>>(jobId, entry));
            throw;
        }
    }

    /// <summary>
    /// True once some job's runtime was built: this worker has set up and can compute at once. A flag rather than a
    /// scan of the cache, because the lease pump asks on every lease round.
    /// </summary>
    public bool AnyReady => _anyReady;

    /// <summary>The runtime if it is already built; never waits.</summary>
    public JobRuntime? TryPeek(string jobId) =>
        _runtimes.TryGetValue(jobId, out var entry) && entry.IsValueCreated && entry.Value.IsCompletedSuccessfully ? entry.Value.Result : null;

    private async Task<JobRuntime?> BuildAsync(string jobId, CancellationToken cancellationToken)
    {
        var job = await store.GetJobAsync(jobId, cancellationToken).ConfigureAwait(false);
        if (job is null)
        {
            return null;
        }

        if (!registry.TryGet(job.Computation, out var descriptor))
        {
            throw new InvalidOperationException($"Job {jobId} needs computation '{job.Computation}', which this worker has not registered.");
        }

        var plan = JobPlan.FromStoredJson(job.SpecJson);
        ComputeAsync compute;
        try
        {
            compute = descriptor.Create(new ComputationContext(jobId, plan.Arguments, plan.Space.Names));
        }
        catch (Exception ex) when (ex is not WorkerFaultException)
        {
            // It set up at submit, so what differs is this machine: a worker fault, never the parameters'.
            throw new ComputationSetupException(jobId, job.Computation, ex);
        }

        return new JobRuntime(job, plan, compute);
    }
}
