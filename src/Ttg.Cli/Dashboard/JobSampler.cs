using System.Collections.Concurrent;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Ttg.WorkQueue;

namespace Ttg.Cli.Dashboard;

/// <summary>
/// Reads every job's progress and workers from the store every <see cref="Interval"/> and keeps the latest reads, so
/// the metrics, the pages and the JSON all show the same numbers and the same rate (the store's pace log through
/// <see cref="Ttg.Progress.EtaModel"/>, no state kept between reads), and a scrape never waits on the store. A store that fails a read keeps the previous samples (and says so in the log) until it answers.
/// </summary>
internal sealed partial class JobSampler(ITtgBackend store, TimeProvider time, ILogger<JobSampler> logger) : BackgroundService
{
    /// <summary>How often the store is read.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    private readonly ConcurrentDictionary<string, JobHistory> _histories = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _reading = new(1, 1); // the timer's read and a control action's read never interleave
    private volatile IReadOnlyList<JobSample> _latest = [];
    private readonly TaskCompletionSource _firstRead = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Why the last read failed, or null when it succeeded: the pages report it rather than show stale numbers as fresh.</summary>
    public Exception? LastFailure { get; private set; }

    /// <summary>The jobs as last read, oldest submission first.</summary>
    public IReadOnlyList<JobSample> Latest => _latest;

    /// <summary>The latest sample of one job, or null when the store has no such job (as of the last read).</summary>
    public JobSample? Find(string jobId) => _latest.FirstOrDefault(s => s.JobId == jobId);

    /// <summary>The job's progress over time since the dashboard started, or null when it has no such job.</summary>
    public JobHistory? History(string jobId) => _histories.GetValueOrDefault(jobId);

    /// <summary>Completes once the first read is in (or failed), so the first request does not see an empty store.</summary>
    public Task FirstReadAsync(CancellationToken cancellationToken) => _firstRead.Task.WaitAsync(cancellationToken);

    /// <summary>Reads the store now (also used after a control action, so the page shows its effect at once).</summary>
    public async Task ReadAsync(CancellationToken cancellationToken)
    {
        await _reading.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await ReadAllAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _reading.Release();
        }
    }

    private async Task ReadAllAsync(CancellationToken cancellationToken)
    {
        var samples = new List<JobSample>();
        foreach (var job in await store.ListJobsAsync(cancellationToken).ConfigureAwait(false))
        {
            if (await ReadJobAsync(job.JobId, cancellationToken).ConfigureAwait(false) is { } sample)
            {
                samples.Add(sample);
            } // else deleted between the list and the read
        }

        var now = time.GetUtcNow();
        foreach (var sample in samples)
        {
            _histories.GetOrAdd(sample.JobId, _ => new JobHistory()).Add(now, sample.Progress.Done, sample.Estimate.Rate);
        }

        foreach (var gone in _histories.Keys.Except(samples.Select(s => s.JobId)).ToList())
        {
            _histories.TryRemove(gone, out _);
        }

        _latest = samples;
    }

    /// <summary>Reads one job from the store now, estimated like every sample; null when there is no such job.</summary>
    public async Task<JobSample?> ReadJobAsync(string jobId, CancellationToken cancellationToken)
    {
        if (await store.GetProgressAsync(jobId, cancellationToken).ConfigureAwait(false) is not { } progress)
        {
            return null;
        }

        var workers = await store.ListWorkersAsync(jobId, cancellationToken).ConfigureAwait(false);
        return JobSample.Of(progress, workers, time.GetUtcNow());
    }

    public override void Dispose()
    {
        _reading.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        do
        {
            try
            {
                await ReadAsync(stoppingToken).ConfigureAwait(false);
                LastFailure = null;
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                LastFailure = ex;
                ReadFailed(logger, store.Description, ex.Message);
            }

            _firstRead.TrySetResult();
        }
        while (await Ticked(timer, stoppingToken).ConfigureAwait(false));
    }

    private static async Task<bool> Ticked(PeriodicTimer timer, CancellationToken stoppingToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    [LoggerMessage(1, LogLevel.Warning, "Reading the jobs of {Store} failed ({Reason}); showing the previous read until it answers")]
    private static partial void ReadFailed(ILogger logger, string store, string reason);
}
