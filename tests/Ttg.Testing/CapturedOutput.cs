using System.Text;

namespace Ttg.Testing;

/// <summary>
/// Drains one redirected stream of a child into memory as it arrives, so a test can poll what was written so far
/// and a full pipe never blocks the child.
/// </summary>
internal sealed class CapturedOutput
{
    private readonly StringBuilder _text = new();

    public CapturedOutput(StreamReader reader)
    {
        Completion = Task.Run(() => PumpAsync(reader));
    }

    /// <summary>Completes at end of stream: when the child and every process that inherited the pipe closed it.</summary>
    public Task Completion { get; }

    public string Text
    {
        get
        {
            lock (_text)
            {
                return _text.ToString();
            }
        }
    }

    private async Task PumpAsync(StreamReader reader)
    {
        var buffer = new char[4096];
        int read;
        while ((read = await reader.ReadAsync(buffer)) > 0)
        {
            lock (_text)
            {
                _text.Append(buffer, 0, read);
            }
        }
    }
}
