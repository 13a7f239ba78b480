namespace Ttg.Cli.Dashboard;

/// <summary>
/// A job's progress over time as the dashboard saw it (done count and shared rate at each read), for the job page's
/// chart. Bounded: once <see cref="Capacity"/> points are kept, every other point is dropped, so a long job keeps its
/// whole history at a coarser step instead of only its last minutes. Written by the sampler, read by requests.
/// </summary>
internal sealed class JobHistory
{
    /// <summary>The most points kept per job: 1,200 (20 minutes at one read a second before the first thinning).</summary>
    public const int Capacity = 1200;

    private readonly Lock _gate = new();
    private readonly List<Point> _points = [];
    private int _stride = 1;
    private long _reads;

    /// <summary>Adds a read; every <c>stride</c>-th read is kept, the stride doubling whenever the history is full.</summary>
    public void Add(DateTimeOffset at, long done, double? rate)
    {
        lock (_gate)
        {
            if (_reads++ % _stride != 0)
            {
                return;
            }

            _points.Add(new Point(at.ToUnixTimeMilliseconds() / 1000.0, done, rate));
            if (_points.Count >= Capacity)
            {
                var kept = _points.Where((_, i) => i % 2 == 0).ToList();
                _points.Clear();
                _points.AddRange(kept);
                _stride *= 2;
            }
        }
    }

    /// <summary>The points as columns (seconds since the epoch, done, rate or null), the shape the chart takes.</summary>
    public object Columns()
    {
        lock (_gate)
        {
            return new
            {
                at = _points.Select(p => p.At).ToArray(),
                done = _points.Select(p => p.Done).ToArray(),
                rate = _points.Select(p => p.Rate).ToArray(),
            };
        }
    }

    private readonly record struct Point(double At, long Done, double? Rate);
}
