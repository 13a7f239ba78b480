using System.Diagnostics;
using Ttg.Jobs;
using Ttg.Telemetry;
using Ttg.WorkQueue;

namespace Ttg.Workers.Tests;

/// <summary>
/// One trace per chunk: a real worker over a real store, watched by an in-process <see cref="ActivityListener"/>, the way
/// an OpenTelemetry host subscribes with <c>AddSource("Ttg.Worker")</c>. Both tests are in one class so they never run
/// beside each other: the second needs nothing to listen.
/// </summary>
public sealed class ChunkTraceTests : IAsyncLifetime
{
    // Compared by name: a listener that touched the source itself could run while the source is being constructed.
    private const string ComputationSource = "Ttg.Workers.Tests.Computation";
    private static readonly ActivitySource Computation = new(ComputationSource);
    private WorkerHarness _harness = null!;

    public async Task InitializeAsync() => _harness = await WorkerHarness.CreateAsync();

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    [Fact]
    public async Task EachChunk_IsOneRootActivity_WithItsTagsAndOutcome_AndTheComputationsSpansNestUnderIt()
    {
        var failedOnce = 0;
        var registry = new ComputationRegistry().Add("traced", p =>
        {
            // The first parameter of each chunk opens a span of its own, as a computation calling a service would.
            using var span = p.Index % 10 == 0 ? Computation.StartActivity("compute") : null;
            span?.SetTag("index", p.Index);
            return p.Index == 7 && Interlocked.Exchange(ref failedOnce, 1) == 0 ? throw new InvalidOperationException("flaky 7") : p.Index;
        });
        var jobId = await _harness.SubmitAsync(registry, new JobSpec { Computation = "traced", Params = 50, ChunkSize = 10, MaxAttempts = 3 });
        var stopped = new List<Activity>();
        using var listener = Listen(stopped);

        using var worker = _harness.NewWorker(registry, jobId, "w1");
        var report = await _harness.DriveAsync(worker.RunAsync(CancellationToken.None), TimeSpan.FromMilliseconds(50));

        Assert.Null(report.Fault);
        Assert.Equal(50, (await _harness.OutcomesAsync(jobId)).Count);
        List<Activity> chunks, spans;
        lock (stopped)
        {
            chunks = stopped.Where(a => a.Source.Name == TtgTracing.SourceName && Equals(a.GetTagItem(TtgTracing.JobIdTag), jobId)).ToList();
            spans = stopped.Where(a => a.Source.Name == ComputationSource).ToList();
        }

        // Five chunks, the first computed twice: its first attempt failed on parameter 7 and was retried.
        Assert.Equal(6, chunks.Count);
        Assert.All(chunks, a =>
        {
            Assert.Equal(TtgTracing.ChunkActivity, a.OperationName);
            Assert.Equal(ActivityKind.Consumer, a.Kind);
            Assert.Null(a.Parent);
            Assert.Equal(default, a.ParentSpanId);
            Assert.Equal(10, a.GetTagItem(TtgTracing.CountTag));
            Assert.False(string.IsNullOrEmpty(a.GetTagItem(TtgTracing.ChunkIdTag) as string));
            Assert.Equal(["compute.start", "compute.end"], a.Events.Select(e => e.Name));
        });
        Assert.Equal(6, chunks.Select(a => a.TraceId).Distinct().Count());
        var byStart = chunks.GroupBy(a => (long)a.GetTagItem(TtgTracing.StartTag)!).ToDictionary(g => g.Key, g => g.OrderBy(a => (int)a.GetTagItem(TtgTracing.AttemptTag)!).ToList());
        Assert.Equal([0L, 10, 20, 30, 40], byStart.Keys.Order());
        var first = byStart[0];
        Assert.Equal([1, 2], first.Select(a => (int)a.GetTagItem(TtgTracing.AttemptTag)!));
        Assert.Equal(["retried", "completed"], first.Select(a => (string)a.GetTagItem(TtgTracing.OutcomeTag)!));
        Assert.Equal(ActivityStatusCode.Error, first[0].Status);
        Assert.Equal(first[0].GetTagItem(TtgTracing.ChunkIdTag), first[1].GetTagItem(TtgTracing.ChunkIdTag));
        Assert.All(byStart.Where(g => g.Key != 0), g =>
        {
            var only = Assert.Single(g.Value);
            Assert.Equal(1, only.GetTagItem(TtgTracing.AttemptTag));
            Assert.Equal("completed", only.GetTagItem(TtgTracing.OutcomeTag));
            Assert.Equal(ActivityStatusCode.Unset, only.Status);
        });

        // The computation's spans are children of the chunk that computed them, in its trace.
        Assert.Equal(6, spans.Count);
        Assert.All(spans, span =>
        {
            var parent = Assert.Single(chunks, c => c.SpanId == span.ParentSpanId);
            Assert.Equal(parent.TraceId, span.TraceId);
            Assert.Equal(parent.GetTagItem(TtgTracing.StartTag), span.GetTagItem("index"));
        });
    }

    [Fact]
    public void WithNothingListening_NoActivityIsStarted()
    {
        var traces = new ChunkTraces();
        using var chunk = new InFlightChunk(new ChunkLease { JobId = "j", ChunkId = "1", Start = 0, Count = 1, Attempt = 1, WorkerId = "w", Token = "t" }, CancellationToken.None);

        Assert.False(TtgTracing.Source.HasListeners());
        traces.Start(chunk);
        using (traces.Computing(chunk))
        {
            Assert.Null(Activity.Current);
        }

        Assert.Equal(0, traces.Open);
        traces.End(chunk, ChunkOutcome.Completed);

        var stopped = new List<Activity>();
        using (Listen(stopped))
        {
            traces.Start(chunk);
            Assert.Equal(1, traces.Open);
            traces.End(chunk, ChunkOutcome.Released);
        }

        Assert.Equal(0, traces.Open);
        List<Activity> ours;
        lock (stopped)
        {
            ours = stopped.Where(a => Equals(a.GetTagItem(TtgTracing.JobIdTag), "j")).ToList(); // Other tests' workers run meanwhile.
        }

        Assert.Equal("released", Assert.Single(ours).GetTagItem(TtgTracing.OutcomeTag));
    }

    private static ActivityListener Listen(List<Activity> stopped)
    {
        var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is TtgTracing.SourceName or ComputationSource,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                lock (stopped)
                {
                    stopped.Add(activity);
                }
            },
        };
        ActivitySource.AddActivityListener(listener);
        return listener;
    }
}
