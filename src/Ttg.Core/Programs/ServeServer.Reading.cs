namespace Ttg.Programs;

internal sealed partial class ServeServer
{
    private async Task ReadLoopAsync()
    {
        var stdout = _process.StandardOutput.BaseStream;
        var buffer = new byte[64 * 1024];
        int start = 0, end = 0;
        try
        {
            while (true)
            {
                if (end == buffer.Length)
                {
                    // A line longer than the buffer: make room (moving what is left, or growing).
                    if (start > 0)
                    {
                        Buffer.BlockCopy(buffer, start, buffer, 0, end - start);
                        end -= start;
                        start = 0;
                    }
                    else
                    {
                        Array.Resize(ref buffer, buffer.Length * 2);
                    }
                }

                var read = await stdout.ReadAsync(buffer.AsMemory(end)).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                end += read;
                int newline;
                while ((newline = Array.IndexOf(buffer, (byte)'\n', start, end - start)) >= 0)
                {
                    if (!Answer(buffer.AsSpan(start, newline - start)))
                    {
                        return;
                    }

                    start = newline + 1;
                }

                if (start == end)
                {
                    start = end = 0;
                }
            }
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException)
        {
            // The pipe broke: the program is gone, as below.
        }

        await ReportExitAsync().ConfigureAwait(false);
    }

    /// <summary>Completes the parameter a line answers; false (and the program killed) when the line breaks the protocol.</summary>
    private bool Answer(ReadOnlySpan<byte> line)
    {
        if (line.Trim((byte)' ').Trim((byte)'\r').IsEmpty)
        {
            return true;
        }

        var message = ServeMessages.ReadAnswer(line);
        if (message.Broken is { } broken)
        {
            Die($"broke the protocol: {broken}; print only protocol lines on stdout (log to stderr)", null);
            return false;
        }

        if (message.Index is { } index && _pending.TryRemove(index, out var answer))
        {
            if (message.Error is { } error)
            {
                answer.TrySetException(new ProgramFailedException($"parameter {index}: {error}"));
            }
            else if (message.Invalid is { } invalid)
            {
                answer.TrySetException(new ProgramFailedException($"parameter {index}: the serve program's answer {invalid}"));
            }
            else
            {
                answer.TrySetResult(message.Result);
            }
        }

        return true;
    }

    private async Task ReportExitAsync()
    {
        // Stdout closed: give the program a moment to exit and its stderr to drain, so the reason says why.
        try
        {
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(2)).ConfigureAwait(false);
            await _stderrDrained.WaitAsync(TimeSpan.FromSeconds(1)).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // Still running with its stdout closed, or a grandchild holds stderr: it is killed below either way.
        }

        int? code = _process.HasExited ? _process.ExitCode : null;
        var how = code is { } exit ? CommandComputation.ExitText(exit) : "closed its stdout";
        Die($"{how}; stderr: {_stderr}", code);
    }
}
