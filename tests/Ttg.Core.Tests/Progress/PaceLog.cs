using Microsoft.Extensions.Time.Testing;
using Ttg.WorkQueue;

namespace Ttg.Core.Tests.Progress;

/// <summary>A job's completions on a fake clock, read back as a store would report them.</summary>
internal sealed class PaceLog
{
    private readonly List<PaceSample> _samples = [];

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero));

    public long Done { get; private set; }

    public void Complete(string worker, long parameters)
    {
        _samples.Add(new PaceSample(Time.GetUtcNow(), worker, parameters));
        Done += parameters;
    }

    /// <summary>Moves the clock to <paramref name="at"/> after the start, completing whatever the schedule says happened before it.</summary>
    public void RunUntil(TimeSpan at, IEnumerable<(TimeSpan At, string Worker, long Parameters)> schedule)
    {
        var start = new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);
        foreach (var (when, worker, n) in schedule.Where(e => start + e.At > Time.GetUtcNow() && e.At <= at).OrderBy(e => e.At))
        {
            Time.SetUtcNow(start + when);
            Complete(worker, n);
        }

        Time.SetUtcNow(start + at);
    }

    public JobPace Pace() => new(Time.GetUtcNow(), [.. _samples.Where(s => Time.GetUtcNow() - s.At <= JobPace.Horizon)]);

    public JobProgress Progress(long total, JobState state = JobState.Running, long leased = 1) => new()
    {
        Job = new JobInfo
        {
            JobId = "j", Name = "j", Computation = "spin", TotalParameters = total, ChunkCount = 1, Lease = TimeSpan.FromSeconds(5),
            MaxAttempts = 3, SpecJson = "{}", CreatedAt = Time.GetUtcNow(), State = state,
        },
        Succeeded = Done,
        Failed = 0,
        PendingChunks = 1,
        LeasedChunks = leased,
        CompletedChunks = 0,
        ReclaimedChunks = 0,
        ParametersByWorker = new Dictionary<string, long>(),
        Pace = Pace(),
    };

    /// <summary>Each of <paramref name="slots"/> slots of <paramref name="worker"/> completes a chunk every <paramref name="every"/>, phase-shifted by <paramref name="offset"/>.</summary>
    public static IEnumerable<(TimeSpan, string, long)> Steady(string worker, int slots, long chunk, TimeSpan every, TimeSpan offset, TimeSpan until)
    {
        for (var slot = 0; slot < slots; slot++)
        {
            for (var t = every + offset + slot * every / slots; t <= until; t += every)
            {
                yield return (t, worker, chunk);
            }
        }
    }
}
