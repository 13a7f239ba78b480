using System.Diagnostics;
using System.Text;
using Ttg.WorkQueue;

namespace Ttg.Conformance;

/// <summary>
/// The behaviour every backend must show. A backend's test class inherits this and supplies a backend;
/// the facts live here. Every test uses its own job ids, computation name and worker ids, so backends may
/// share one store across tests. Leases are short real durations because some backends use server time.
/// </summary>
public abstract partial class WorkQueueConformance : IAsyncLifetime
{
    /// <summary>A short lease for tests that wait for an expiry.</summary>
    protected static readonly TimeSpan ShortLease = TimeSpan.FromSeconds(1);

    /// <summary>A lease that does not expire during a test.</summary>
    protected static readonly TimeSpan LongLease = TimeSpan.FromSeconds(60);

    /// <summary>How long a test waits for something that must happen.</summary>
    protected static readonly TimeSpan Deadline = TimeSpan.FromSeconds(4);

    private readonly string _prefix = Guid.NewGuid().ToString("N")[..12];
    private readonly List<ITtgBackend> _opened = [];
    private ITtgBackend? _backend;
    private int _jobCounter;

    /// <summary>The backend under test, created once per test.</summary>
    protected ITtgBackend Backend => _backend ?? throw new InvalidOperationException("The backend is not created yet.");

    /// <summary>The computation name of this test's jobs; unique per test.</summary>
    protected string Computation => $"comp-{_prefix}";

    /// <summary>Creates a backend over the store this test uses.</summary>
    protected abstract Task<ITtgBackend> CreateBackendAsync();

    /// <summary>Opens another backend instance over the same data, as a second process would.</summary>
    protected abstract Task<ITtgBackend> OpenSecondClientAsync();

    /// <inheritdoc />
    public virtual async Task InitializeAsync()
    {
        _backend = await CreateBackendAsync();
        _opened.Add(_backend);
    }

    /// <inheritdoc />
    public virtual async Task DisposeAsync()
    {
        foreach (var backend in _opened)
        {
            await backend.DisposeAsync();
        }
    }

    /// <summary>Opens a second client and disposes it with the test.</summary>
    protected async Task<ITtgBackend> SecondClientAsync()
    {
        var client = await OpenSecondClientAsync();
        _opened.Add(client);
        return client;
    }

    /// <summary>A worker id unique to this test.</summary>
    protected string Worker(string name) => $"{name}-{_prefix}";

    /// <summary>A job id unique to this test.</summary>
    protected string NewJobId() => $"job-{_prefix}-{Interlocked.Increment(ref _jobCounter)}";

    /// <summary>Chunks of <paramref name="size"/> parameters covering 0..count*size-1.</summary>
    protected static IReadOnlyList<ChunkSpec> Chunks(int count, int size = 10) =>
        Enumerable.Range(0, count).Select(i => new ChunkSpec((long)i * size, size)).ToList();

    /// <summary>Submits a job of this test's computation (or another) with the given chunks.</summary>
    protected async Task<JobInfo> SubmitAsync(
        IReadOnlyList<ChunkSpec> chunks,
        TimeSpan? lease = null,
        string? computation = null,
        string? jobId = null,
        int maxAttempts = 3)
    {
        var submission = new JobSubmission
        {
            JobId = jobId ?? NewJobId(),
            Name = "conformance",
            Computation = computation ?? Computation,
            TotalParameters = chunks.Sum(c => (long)c.Count),
            Lease = lease ?? LongLease,
            MaxAttempts = maxAttempts,
            SpecJson = "{\"computation\":\"conformance\"}",
            ChunkCount = chunks.Count,
            Chunks = chunks,
        };
        return await Backend.SubmitAsync(submission);
    }

    /// <summary>Leases chunks of this test's computation.</summary>
    protected Task<IReadOnlyList<ChunkLease>> LeaseAsync(string worker, int max = 100, ITtgBackend? backend = null, IReadOnlyCollection<string>? jobIds = null) =>
        (backend ?? Backend).LeaseAsync(new LeaseRequest(worker, max, [Computation]) { JobIds = jobIds });

    /// <summary>Polls until the worker gets at least one chunk, or fails at the deadline.</summary>
    protected async Task<IReadOnlyList<ChunkLease>> LeaseEventuallyAsync(string worker, int max = 100, ITtgBackend? backend = null)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var leases = await LeaseAsync(worker, max, backend);
            if (leases.Count > 0)
            {
                return leases;
            }

            Assert.True(clock.Elapsed < Deadline, $"No chunk became leasable for {worker} within {Deadline}.");
            await Task.Delay(50);
        }
    }

    /// <summary>A completion whose results are the text, all parameters succeeded.</summary>
    protected static ChunkCompletion Done(ChunkLease lease, string text) =>
        new(Encoding.UTF8.GetBytes(text), lease.Count, 0);

    /// <summary>Reads every stored chunk of the job.</summary>
    protected async Task<List<StoredChunk>> ReadAllAsync(string jobId, ITtgBackend? backend = null)
    {
        var list = new List<StoredChunk>();
        await foreach (var chunk in (backend ?? Backend).ReadResultsAsync(jobId))
        {
            list.Add(chunk);
        }

        return list;
    }

    /// <summary>The bytes as UTF-8 text.</summary>
    protected static string Text(ReadOnlyMemory<byte> bytes) => Encoding.UTF8.GetString(bytes.Span);

    /// <summary>The job's progress, which must exist.</summary>
    protected async Task<JobProgress> ProgressAsync(string jobId)
    {
        var progress = await Backend.GetProgressAsync(jobId);
        Assert.NotNull(progress);
        return progress;
    }
}
