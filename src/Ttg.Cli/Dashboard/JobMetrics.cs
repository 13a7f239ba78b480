using System.Diagnostics.Metrics;
using Ttg.WorkQueue;

namespace Ttg.Cli.Dashboard;

/// <summary>
/// The state of every job in the store as Prometheus metrics (what kube-state-metrics is to Kubernetes), read
/// from the <see cref="JobSampler"/>'s latest samples at each scrape. Labels are bounded: <c>job_id</c> (not <c>job</c>, which Prometheus gives the scrape job) and a state,
/// never a parameter. A deleted job's series stop at the next read.
/// </summary>
internal sealed class JobMetrics : IDisposable
{
    /// <summary>The meter's name, "Ttg.Jobs".</summary>
    public const string MeterName = "Ttg.Jobs";

    private static readonly JobState[] States = Enum.GetValues<JobState>();
    private readonly Meter _meter = new(MeterName);

    public JobMetrics(JobSampler sampler)
    {
        _meter.CreateObservableGauge("ttg.job.parameters", () => Each(sampler, s => new[]
        {
            Tagged(s, s.Progress.Succeeded, "succeeded"),
            Tagged(s, s.Progress.Failed, "failed"),
            Tagged(s, Math.Max(0, s.Progress.Job.TotalParameters - s.Progress.Done), "open"),
        }), "{parameter}", "Parameters of the job by state: succeeded, failed, open (not yet recorded)");
        _meter.CreateObservableGauge("ttg.job.chunks", () => Each(sampler, s => new[]
        {
            Tagged(s, s.Progress.PendingChunks, "pending"),
            Tagged(s, s.Progress.LeasedChunks, "leased"),
            Tagged(s, s.Progress.CompletedChunks, "completed"),
        }), "{chunk}", "Chunks of the job by state: pending (waiting to be leased), leased, completed");
        _meter.CreateObservableCounter("ttg.job.chunks.reclaimed", () => Each(sampler, s => new[] { Tagged(s, s.Progress.ReclaimedChunks) }),
            "{chunk}", "Times a chunk of the job was taken back from a worker that died or stopped renewing");
        _meter.CreateObservableCounter("ttg.job.chunks.speculated", () => Each(sampler, s => new[]
        {
            Tagged(s, s.Progress.Speculation.Copies, "speculated"),
            Tagged(s, s.Progress.Speculation.Won, "won"),
            Tagged(s, s.Progress.Speculation.Wasted, "wasted"),
        }), "{chunk}", "Speculative copies of straggling chunks: speculated (leased), won (recorded first), wasted (dropped)");
        _meter.CreateObservableGauge("ttg.job.state", () => Each(sampler, s => States.Select(state =>
            Tagged(s, s.Progress.Job.State == state ? 1L : 0L, state.ToString().ToLowerInvariant())).ToArray()),
            description: "1 for the job's current state (running, completed, cancelled, paused), 0 for the others");
        _meter.CreateObservableGauge("ttg.job.parameters.rate", () => Each(sampler, s => s.Estimate.Rate is { } rate ? new[] { Tagged(s, rate) } : []),
            "{parameter}/s", "Parameters the live workers record per second, the rate ttg status shows; absent while measuring, paused, cancelled, finished or without live workers");
        _meter.CreateObservableGauge("ttg.job.eta", () => Each(sampler, s => s.Estimate.Eta is { } eta ? new[] { Tagged(s, eta.TotalSeconds) } : []),
            "s", "Time until the last parameter is recorded at the live workers' pace; absent whenever the rate is");
        _meter.CreateObservableGauge("ttg.job.workers.needed", () => Each(sampler, s => s.Deadline?.WorkersNeeded is { } needed ? new[] { Tagged(s, needed) } : []),
            "{worker}", "Workers at the measured pace that finish the job by its deadline (what an autoscaler targets); absent without a deadline or a measured pace");
        _meter.CreateObservableGauge("ttg.job.worker.sessions", () => Each(sampler, s => new[]
        {
            Tagged(s, s.LiveSessions, "live"),
            Tagged(s, s.LapsedSessions, "lapsed"),
        }), "{worker}", "Worker sessions of the job by state: live (renewing) or lapsed (stopped, killed, cut off, or no longer renewing)");
        _meter.CreateObservableGauge("ttg.job.worker.faults", () => Each(sampler, s => new[] { Tagged(s, s.FaultedWorkers) }),
            "{worker}", "Workers of the job whose last word was a worker fault (cannot compute on their machine); none of it is counted against a parameter");
    }

    public void Dispose() => _meter.Dispose();

    private static IEnumerable<Measurement<T>> Each<T>(JobSampler sampler, Func<JobSample, Measurement<T>[]> measure)
        where T : struct => sampler.Latest.SelectMany(measure);

    private static Measurement<T> Tagged<T>(JobSample sample, T value, string? state = null)
        where T : struct => state is null
            ? new Measurement<T>(value, new KeyValuePair<string, object?>("job_id", sample.JobId))
            : new Measurement<T>(value, new KeyValuePair<string, object?>("job_id", sample.JobId), new KeyValuePair<string, object?>("state", state));
}
