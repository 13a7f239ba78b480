using Ttg.WorkQueue;

namespace Ttg.Redis.Tests;

public sealed class RedisWorkQueueTests(RedisServerFixture redis) : IClassFixture<RedisServerFixture>, IAsyncLifetime
{
    private ITtgBackend _backend = null!;

    public async Task InitializeAsync() => _backend = await RedisBackend.ConnectAsync(redis.Options(nameof(RedisWorkQueueTests)));

    public async Task DisposeAsync() => await _backend.DisposeAsync();

    [Fact]
    public async Task ASubmissionCancelledHalfway_LeavesNoJobBehind()
    {
        using var cancel = new CancellationTokenSource();
        // Chunks are produced lazily: cancel once a good part of them went to Redis.
        var chunks = Enumerable.Range(0, 400_000).Select(i =>
        {
            if (i == 100_000)
            {
                cancel.Cancel();
            }

            return new ChunkSpec(i, 1);
        });
        var submission = TestJobs.Submission("half", total: 400_000, chunkSize: 1) with { Chunks = chunks };

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _backend.SubmitAsync(submission, cancel.Token));

        Assert.Null(await _backend.GetJobAsync("half"));
        Assert.DoesNotContain(await _backend.ListJobsAsync(), j => j.JobId == "half");
        await _backend.SubmitAsync(TestJobs.Submission("half", total: 2, chunkSize: 1)); // the id is free again
        Assert.Equal(2, (await _backend.LeaseAsync(TestJobs.Request("w", max: 5, jobId: "half"))).Count);
    }

    [Fact]
    public async Task Job_Completes_WhenEveryChunkIsRecorded_AndResultsComeBackInIndexOrder()
    {
        // A prefix of its own, so no other test's job counts as open work.
        await using var backend = await RedisBackend.ConnectAsync(redis.Options("order"));
        Assert.Equal(JobState.Running, (await backend.SubmitAsync(TestJobs.Submission("order", total: 10, chunkSize: 3))).State);
        Assert.True(await backend.HasOpenWorkAsync([TestJobs.Computation]));
        var leases = await backend.LeaseAsync(TestJobs.Request("w1", max: 10));
        Assert.Equal(4, leases.Count);
        Assert.All(leases, l => Assert.Equal(1, l.Attempt));
        foreach (var lease in leases.Reverse())
        {
            Assert.Equal(LeaseOutcome.Accepted, await backend.CompleteAsync(lease, TestJobs.Results(lease)));
        }

        var progress = await backend.GetProgressAsync("order");
        Assert.Equal(JobState.Completed, progress!.Job.State);
        Assert.NotNull(progress.Job.FinishedAt);
        Assert.Equal(10, progress.Succeeded);
        Assert.Equal(4, progress.CompletedChunks);
        Assert.Equal(0, progress.PendingChunks + progress.LeasedChunks);
        Assert.Equal(10, progress.ParametersByWorker["w1"]);
        var chunks = await backend.ReadResultsAsync("order").ToListAsync();
        Assert.Equal([0L, 3, 6, 9], chunks.Select(c => c.Start));
        Assert.Equal(9.0, BitConverter.ToDouble(chunks[3].Results.Span));
        Assert.False(await backend.HasOpenWorkAsync([TestJobs.Computation]));
    }

    [Fact]
    public async Task Complete_IsRejected_WhenLeaseWasReclaimed_AndChangesNothing()
    {
        await _backend.SubmitAsync(TestJobs.Submission("zombie", total: 1, chunkSize: 1, lease: TimeSpan.FromMilliseconds(200)));
        var first = Assert.Single(await _backend.LeaseAsync(TestJobs.Request("a", jobId: "zombie")));
        var second = Assert.Single(await TestJobs.EventuallyAsync(
            () => _backend.LeaseAsync(TestJobs.Request("b", jobId: "zombie")), l => l.Count > 0));
        Assert.Equal(2, second.Attempt);
        Assert.NotEqual(first.Token, second.Token);

        Assert.Equal(LeaseOutcome.LeaseLost, await _backend.CompleteAsync(first, TestJobs.Results(first)));
        Assert.Empty(await _backend.RenewAsync([first]));
        var progress = await _backend.GetProgressAsync("zombie");
        Assert.Equal(0, progress!.Succeeded);
        Assert.Equal(1, progress.ReclaimedChunks);
        Assert.Equal(new ChunkStatus(ChunkState.Leased, "b", 2), await _backend.GetChunkStatusAsync("zombie", second.ChunkId));

        Assert.Equal(LeaseOutcome.Accepted, await _backend.CompleteAsync(second, TestJobs.Results(second)));
        Assert.Equal(LeaseOutcome.LeaseLost, await _backend.CompleteAsync(second, TestJobs.Results(second)));
        Assert.Single(await _backend.ReadResultsAsync("zombie").ToListAsync());
    }

    [Fact]
    public async Task Renew_KeepsTheLease_PastItsDuration()
    {
        await _backend.SubmitAsync(TestJobs.Submission("renew", total: 1, chunkSize: 1, lease: TimeSpan.FromMilliseconds(400)));
        var lease = Assert.Single(await _backend.LeaseAsync(TestJobs.Request("a", jobId: "renew")));
        for (var i = 0; i < 6; i++)
        {
            await Task.Delay(150);
            Assert.Single(await _backend.RenewAsync([lease]));
            Assert.Empty(await _backend.LeaseAsync(TestJobs.Request("b", jobId: "renew")));
        }

        Assert.Equal(LeaseOutcome.Accepted, await _backend.CompleteAsync(lease, TestJobs.Results(lease)));
    }

    [Fact]
    public async Task Retry_MakesTheChunkLeasable_OnlyAfterTheDelay_AndKeepsTheAttempt()
    {
        await _backend.SubmitAsync(TestJobs.Submission("retry", total: 1, chunkSize: 1, lease: TimeSpan.FromMilliseconds(300)));
        var lease = Assert.Single(await _backend.LeaseAsync(TestJobs.Request("a", jobId: "retry")));
        var started = System.Diagnostics.Stopwatch.StartNew();
        Assert.Equal(LeaseOutcome.Accepted, await _backend.RetryAsync(lease, TimeSpan.FromMilliseconds(900)));
        Assert.Equal(ChunkState.Pending, (await _backend.GetChunkStatusAsync("retry", lease.ChunkId))!.State);
        Assert.Empty(await _backend.LeaseAsync(TestJobs.Request("b", jobId: "retry")));
        await Task.Delay(450); // past the lease duration, still inside the delay (unless this machine is slow)
        var askedAt = started.ElapsedMilliseconds;
        var early = await _backend.LeaseAsync(TestJobs.Request("b", jobId: "retry"));
        Assert.True(early.Count == 0 || askedAt >= 850, $"leased again {askedAt} ms after a 900 ms retry delay");

        var again = Assert.Single(await TestJobs.EventuallyAsync(
            () => _backend.LeaseAsync(TestJobs.Request("b", jobId: "retry")), l => l.Count > 0));
        Assert.True(started.ElapsedMilliseconds >= 850, $"leased again after {started.ElapsedMilliseconds} ms");
        Assert.Equal(2, again.Attempt);
        Assert.Equal(0, (await _backend.GetProgressAsync("retry"))!.ReclaimedChunks);
        Assert.Equal(LeaseOutcome.LeaseLost, await _backend.CompleteAsync(lease, TestJobs.Results(lease)));
    }

    [Fact]
    public async Task Release_GivesTheAttemptBack_AndTheChunkIsLeasableAtOnce()
    {
        await _backend.SubmitAsync(TestJobs.Submission("release", total: 2, chunkSize: 1));
        var leases = await _backend.LeaseAsync(TestJobs.Request("a", max: 2, jobId: "release"));
        await _backend.ReleaseAsync(leases);
        var again = await _backend.LeaseAsync(TestJobs.Request("b", max: 2, jobId: "release"));
        Assert.Equal(2, again.Count);
        Assert.All(again, l => Assert.Equal(1, l.Attempt));
        Assert.Equal(LeaseOutcome.LeaseLost, await _backend.CompleteAsync(leases[0], TestJobs.Results(leases[0])));
        Assert.Equal(0, (await _backend.GetProgressAsync("release"))!.ReclaimedChunks);
    }

    [Fact]
    public async Task ReleaseWorker_FreesADeadWorkersLeases_AsReclaims()
    {
        await _backend.SubmitAsync(TestJobs.Submission("dead", total: 3, chunkSize: 1));
        var held = await _backend.LeaseAsync(TestJobs.Request("dead-worker", max: 2, jobId: "dead"));
        Assert.Single(await _backend.LeaseAsync(TestJobs.Request("alive", max: 1, jobId: "dead")));
        Assert.Equal(2, (await _backend.ReleaseWorkerAsync("dead-worker")).Count);
        var taken = await _backend.LeaseAsync(TestJobs.Request("alive", max: 5, jobId: "dead"));
        Assert.Equal(2, taken.Count);
        // Two started chunks: the death is pinned on neither, so both keep their attempt and come back marked lost.
        Assert.All(taken, l => Assert.Equal((1, true), (l.Attempt, l.EarlierHolderLost)));
        Assert.Equal(2, (await _backend.GetProgressAsync("dead"))!.ReclaimedChunks);
        Assert.Equal(LeaseOutcome.LeaseLost, await _backend.CompleteAsync(held[0], TestJobs.Results(held[0])));
    }

    [Fact]
    public async Task Split_ReplacesTheChunk_ByPartsWithFreshAttempts()
    {
        await _backend.SubmitAsync(TestJobs.Submission("split", total: 4, chunkSize: 4, payload: true));
        var lease = Assert.Single(await _backend.LeaseAsync(TestJobs.Request("a", jobId: "split")));
        Assert.Equal(LeaseOutcome.Accepted, await _backend.SplitAsync(lease, [new ChunkSpec(0, 2, new byte[] { 7 }), new ChunkSpec(2, 2)]));
        Assert.Equal(ChunkState.Split, (await _backend.GetChunkStatusAsync("split", lease.ChunkId))!.State);
        var parts = await _backend.LeaseAsync(TestJobs.Request("a", max: 5, jobId: "split"));
        Assert.Equal([0L, 2], parts.Select(p => p.Start).Order());
        Assert.All(parts, p => Assert.Equal(1, p.Attempt));
        Assert.Equal([7], parts.Single(p => p.Start == 0).Payload.ToArray());
        Assert.Equal(LeaseOutcome.LeaseLost, await _backend.CompleteAsync(lease, TestJobs.Results(lease)));
        var outcomes = await _backend.CompleteManyAsync([.. parts.Select(p => new ChunkCompletionRequest(p, TestJobs.Results(p)))]);
        Assert.All(outcomes, o => Assert.Equal(LeaseOutcome.Accepted, o));
        var stored = await _backend.ReadResultsAsync("split").ToListAsync();
        Assert.Equal([0L, 2], stored.Select(s => s.Start));
        Assert.Equal([7], stored[0].Payload.ToArray());
        Assert.Equal(JobState.Completed, (await _backend.GetJobAsync("split"))!.State);
    }

    [Fact]
    public async Task CompleteMany_RejectsADuplicateInTheSameBatch()
    {
        await _backend.SubmitAsync(TestJobs.Submission("dup", total: 2, chunkSize: 1));
        var leases = await _backend.LeaseAsync(TestJobs.Request("a", max: 2, jobId: "dup"));
        var outcomes = await _backend.CompleteManyAsync(
            [new(leases[0], TestJobs.Results(leases[0])), new(leases[0], TestJobs.Results(leases[0])), new(leases[1], TestJobs.Results(leases[1]))]);
        Assert.Equal([LeaseOutcome.Accepted, LeaseOutcome.LeaseLost, LeaseOutcome.Accepted], outcomes);
        Assert.Equal(2, (await _backend.GetProgressAsync("dup"))!.Succeeded);
    }

    [Fact]
    public async Task Lease_OnlyTakesChunksOfRequestedComputationsAndJobs()
    {
        await _backend.SubmitAsync(TestJobs.Submission("filter-a", total: 1, chunkSize: 1));
        await _backend.SubmitAsync(TestJobs.Submission("filter-b", total: 1, chunkSize: 1));
        Assert.Empty(await _backend.LeaseAsync(new LeaseRequest("w", 5, ["other"])));
        var lease = Assert.Single(await _backend.LeaseAsync(TestJobs.Request("w", max: 5, jobId: "filter-b")));
        Assert.Equal("filter-b", lease.JobId);
    }

    [Fact]
    public async Task Cancel_StopsLeasing_AndRejectsLaterCompletions_ButKeepsResults()
    {
        await _backend.SubmitAsync(TestJobs.Submission("cancel", total: 3, chunkSize: 1));
        var leases = await _backend.LeaseAsync(TestJobs.Request("a", max: 2, jobId: "cancel"));
        Assert.Equal(LeaseOutcome.Accepted, await _backend.CompleteAsync(leases[0], TestJobs.Results(leases[0])));
        Assert.True(await _backend.CancelAsync("cancel"));
        Assert.False(await _backend.CancelAsync("cancel"));
        Assert.Equal(LeaseOutcome.JobNotRunning, await _backend.CompleteAsync(leases[1], TestJobs.Results(leases[1])));
        Assert.Empty(await _backend.LeaseAsync(TestJobs.Request("a", max: 5, jobId: "cancel")));
        var job = await _backend.GetJobAsync("cancel");
        Assert.Equal(JobState.Cancelled, job!.State);
        Assert.NotNull(job.FinishedAt);
        Assert.Single(await _backend.ReadResultsAsync("cancel").ToListAsync());
    }

    [Fact]
    public async Task Submit_Throws_WhenTheJobExists_AndDeleteRemovesEverything()
    {
        await _backend.SubmitAsync(TestJobs.Submission("dupjob", total: 2, chunkSize: 1));
        await Assert.ThrowsAsync<InvalidOperationException>(() => _backend.SubmitAsync(TestJobs.Submission("dupjob", total: 2, chunkSize: 1)));
        Assert.Contains(await _backend.ListJobsAsync(), j => j.JobId == "dupjob");
        Assert.True(await _backend.DeleteAsync("dupjob"));
        Assert.False(await _backend.DeleteAsync("dupjob"));
        Assert.Null(await _backend.GetJobAsync("dupjob"));
        Assert.Null(await _backend.GetProgressAsync("dupjob"));
        Assert.DoesNotContain(await _backend.ListJobsAsync(), j => j.JobId == "dupjob");
    }
}
