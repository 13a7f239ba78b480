
namespace Ttg.Programs;

/// <summary>Keeps the last lines a program wrote to stderr (at most ~2,000 characters), for failure messages.</summary>
internal sealed class StderrTail
{
    private const int MaxChars = 2_000;
    private readonly Queue<string> _lines = new();
    private int _chars;

    /// <summary>Reads <paramref name="reader"/> to its end, keeping the tail.</summary>
    public async Task DrainAsync(TextReader reader)
    {
        try
        {
            while (await reader.ReadLineAsync().ConfigureAwait(false) is { } line)
            {
                Add(line);
            }
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException)
        {
            // The pipe broke with the process: what was read is the tail.
        }
    }

    /// <summary>The kept lines joined by " | " (one line for a results table), or "(no stderr)".</summary>
    public override string ToString()
    {
        lock (_lines)
        {
            return _lines.Count == 0 ? "(no stderr)" : string.Join(" | ", _lines);
        }
    }

    private void Add(string line)
    {
        var trimmed = line.TrimEnd();
        if (trimmed.Length == 0)
        {
            return;
        }

        lock (_lines)
        {
            _lines.Enqueue(trimmed);
            _chars += trimmed.Length;
            while (_chars > MaxChars && _lines.Count > 1)
            {
                _chars -= _lines.Dequeue().Length;
            }
        }
    }
}
