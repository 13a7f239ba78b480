using System.Collections.Concurrent;

namespace Ttg.Workers;

/// <summary>
/// What a parameter of each job costs on this worker: a moving average of compute time per parameter over the
/// chunks it computed, weighted to recent ones. Speculation compares other workers' running chunks against it.
/// Thread-safe.
/// </summary>
internal sealed class JobCosts
{
    private readonly ConcurrentDictionary<string, double> _secondsPerParameter = new(StringComparer.Ordinal);

    /// <summary>Records one computed chunk of the job.</summary>
    public void Observe(string jobId, TimeSpan elapsed, int parameters)
    {
        if (parameters <= 0)
        {
            return;
        }

        var seconds = Math.Max(elapsed.TotalSeconds, 1e-7) / parameters;
        _secondsPerParameter.AddOrUpdate(jobId, seconds, (_, previous) => (previous * 0.8) + (seconds * 0.2));
    }

    /// <summary>The job's cost per parameter here, or null before this worker computed any of its chunks.</summary>
    public TimeSpan? PerParameter(string jobId) =>
        _secondsPerParameter.TryGetValue(jobId, out var seconds) ? TimeSpan.FromSeconds(seconds) : null;

    /// <summary>The jobs measured so far, each with its cost per parameter.</summary>
    public IEnumerable<(string JobId, TimeSpan PerParameter)> Measured =>
        _secondsPerParameter.Select(pair => (pair.Key, TimeSpan.FromSeconds(pair.Value)));
}
