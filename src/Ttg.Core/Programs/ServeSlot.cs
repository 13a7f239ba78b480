namespace Ttg.Programs;

/// <summary>
/// One compute slot's <c>--serve</c> program, restarted when it dies. Parameters are pipelined; when the program dies
/// under several of them, each is retried alone (new parameters wait meanwhile), so the one that kills it every time
/// is found and fails by itself while the others complete.
/// </summary>
internal sealed class ServeSlot(string line, TimeSpan? timeLimit)
{
    private readonly Lock _gate = new();
    private readonly SemaphoreSlim _alone = new(1, 1);
    private ServeServer? _server;
    private int _suspects;
    private TaskCompletionSource _clear = Cleared();

    /// <summary>Computes one parameter on this slot's program.</summary>
    public async ValueTask<Result> ComputeAsync(Parameter parameter, CancellationToken cancellationToken)
    {
        var suspect = false;
        try
        {
            while (true)
            {
                var holdsAlone = false;
                if (suspect)
                {
                    await _alone.WaitAsync(cancellationToken).ConfigureAwait(false);
                    holdsAlone = true;
                }
                else if (Volatile.Read(ref _suspects) > 0)
                {
                    await WaitClearAsync(cancellationToken).ConfigureAwait(false);
                }

                try
                {
                    return await SendAsync(parameter, cancellationToken).ConfigureAwait(false);
                }
                catch (ServerDiedException died) when (!cancellationToken.IsCancellationRequested)
                {
                    if (died.ExitCode is { } code && ProgramProcess.IsMissingProgram(code))
                    {
                        throw new WorkerFaultException($"the serve program '{ProgramResult.Shorten(line)}' cannot run on this worker (sh exit {code}: {died.Reason}); install the program here or run the worker where it exists");
                    }

                    if (suspect)
                    {
                        throw new ProgramFailedException($"parameter {parameter.Index}: the serve program {died.Reason} (while computing this parameter alone, after a restart)", died);
                    }

                    suspect = true;
                    lock (_gate)
                    {
                        if (_suspects++ == 0)
                        {
                            _clear = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                        }
                    }
                }
                finally
                {
                    if (holdsAlone)
                    {
                        _alone.Release();
                    }
                }
            }
        }
        finally
        {
            if (suspect)
            {
                lock (_gate)
                {
                    if (--_suspects == 0)
                    {
                        _clear.TrySetResult();
                    }
                }
            }
        }
    }

    /// <summary>Stops the program (closing its stdin) when the worker is done with the job.</summary>
    public Task StopAsync()
    {
        var server = Interlocked.Exchange(ref _server, null);
        return server?.StopAsync(TimeSpan.FromSeconds(2)) ?? Task.CompletedTask;
    }

    private async Task<Result> SendAsync(Parameter parameter, CancellationToken cancellationToken)
    {
        var server = Current();
        var sentAt = TimeProvider.System.GetTimestamp();
        var answer = server.SendAsync(parameter);
        if (!cancellationToken.CanBeCanceled)
        {
            return await answer.ConfigureAwait(false);
        }

        try
        {
            return await answer.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!answer.IsCompleted)
        {
            server.Abandon(parameter.Index);

            // Past the job's time limit the program is taken as hung on this parameter: restart it so the rest go on.
            // A shorter wait was cut short by the chunk ending (a sibling failed, shutdown): the program is fine.
            if (timeLimit is { } limit && TimeProvider.System.GetElapsedTime(sentAt) >= limit * 0.9)
            {
                server.Kill($"was restarted: parameter {parameter.Index} passed its time limit of {limit.TotalSeconds:0.###} s");
            }

            throw;
        }
    }

    private ServeServer Current()
    {
        lock (_gate)
        {
            if (_server is null || _server.Death is not null)
            {
                _server = ServeServer.Start(line);
            }

            return _server;
        }
    }

    private Task WaitClearAsync(CancellationToken cancellationToken)
    {
        Task clear;
        lock (_gate)
        {
            clear = _clear.Task;
        }

        return clear.WaitAsync(cancellationToken);
    }

    private static TaskCompletionSource Cleared()
    {
        var source = new TaskCompletionSource();
        source.SetResult();
        return source;
    }
}
