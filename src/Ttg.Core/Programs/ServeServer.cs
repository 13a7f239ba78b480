using System.Buffers;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using System.Threading.Channels;

namespace Ttg.Programs;

/// <summary>
/// One running <c>--serve</c> program. Requests are queued and written in batches (one flush per burst, so the pipe
/// carries many parameters per write); answers are matched to their parameter by index, in any order. When the
/// program ends, is killed or breaks the protocol, every waiting parameter fails with <see cref="ServerDiedException"/>.
/// </summary>
internal sealed partial class ServeServer
{
    private readonly Process _process;
    private readonly Channel<Parameter> _requests = Channel.CreateUnbounded<Parameter>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ConcurrentDictionary<long, TaskCompletionSource<Result>> _pending = new();
    private readonly StderrTail _stderr = new();
    private readonly Task _stderrDrained;
    private volatile ServerDiedException? _death;

    private ServeServer(Process process)
    {
        _process = process;
        _stderrDrained = _stderr.DrainAsync(process.StandardError);
        _ = Task.Run(WriteLoopAsync);
        _ = Task.Run(ReadLoopAsync);
    }

    /// <summary>Starts <paramref name="line"/> in a process group of its own.</summary>
    public static ServeServer Start(string line) => new(ProgramProcess.Start(ProgramProcess.StartInfo(line)));

    /// <summary>Why the program is gone, or null while it runs.</summary>
    public ServerDiedException? Death => _death;

    /// <summary>Sends <paramref name="parameter"/> and returns its answer, or fails when the program dies first.</summary>
    public Task<Result> SendAsync(Parameter parameter)
    {
        var answer = new TaskCompletionSource<Result>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[parameter.Index] = answer;

        // Re-checked after registering: a death that swept the pending answers before this one was added must still fail it.
        if (_death is { } death || !_requests.Writer.TryWrite(parameter))
        {
            _pending.TryRemove(parameter.Index, out _);
            answer.TrySetException(_death ?? new ServerDiedException("stopped", null));
            return answer.Task;
        }

        if (_death is { } late && _pending.TryRemove(parameter.Index, out _))
        {
            answer.TrySetException(late);
        }

        return answer.Task;
    }

    /// <summary>Forgets a parameter whose caller stopped waiting; a late answer for it is ignored.</summary>
    public void Abandon(long index) => _pending.TryRemove(index, out _);

    /// <summary>Kills the program's process group; its waiting parameters fail with <paramref name="reason"/>.</summary>
    public void Kill(string reason) => Die(reason, null);

    /// <summary>Closes the program's stdin (it should exit), then kills its group after <paramref name="grace"/>.</summary>
    public async Task StopAsync(TimeSpan grace)
    {
        _requests.Writer.TryComplete();
        try
        {
            await _process.WaitForExitAsync().WaitAsync(grace).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // It ignored the end of its input: the group goes.
        }

        Die("was stopped", null);
    }

    private void Die(string reason, int? exitCode)
    {
        var death = new ServerDiedException(reason, exitCode);
        if (Interlocked.CompareExchange(ref _death, death, null) is not null)
        {
            return;
        }

        ProgramProcess.KillGroup(_process);
        _requests.Writer.TryComplete();
        foreach (var index in _pending.Keys)
        {
            if (_pending.TryRemove(index, out var answer))
            {
                answer.TrySetException(death);
            }
        }
    }

    private async Task WriteLoopAsync()
    {
        var buffer = new ArrayBufferWriter<byte>(64 * 1024);
        var stdin = _process.StandardInput.BaseStream;
        try
        {
            using var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { SkipValidation = true });
            var reader = _requests.Reader;
            while (await reader.WaitToReadAsync().ConfigureAwait(false))
            {
                while (reader.TryRead(out var parameter))
                {
                    ServeMessages.WriteRequest(json, parameter);
                    json.Flush();
                    json.Reset();
                    buffer.Write("\n"u8);
                    if (buffer.WrittenCount >= 48 * 1024)
                    {
                        await stdin.WriteAsync(buffer.WrittenMemory).ConfigureAwait(false);
                        buffer.ResetWrittenCount();
                    }
                }

                await stdin.WriteAsync(buffer.WrittenMemory).ConfigureAwait(false);
                buffer.ResetWrittenCount();
                await stdin.FlushAsync().ConfigureAwait(false);
            }

            stdin.Close();
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException)
        {
            // The program closed its stdin or died; the read loop reports how it ended.
        }
    }
}
