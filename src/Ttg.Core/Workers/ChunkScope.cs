namespace Ttg.Workers;

/// <summary>
/// The chunk being computed, visible to the computation it calls (an ambient value, so the computation API stays a
/// plain function). A computation that keeps a resource per compute slot (a <c>--serve</c> program) borrows it for
/// the chunk here and gets it back when the chunk ends; at most as many are borrowed as chunks compute at once.
/// </summary>
internal sealed class ChunkScope : IDisposable
{
    private static readonly AsyncLocal<ChunkScope?> Ambient = new();
    private readonly Lock _gate = new();
    private object? _owner;
    private object? _item;
    private Action? _release;

    private ChunkScope()
    {
    }

    /// <summary>The scope of the chunk the caller computes, or null outside a chunk.</summary>
    public static ChunkScope? Current => Ambient.Value;

    /// <summary>Opens the scope of a chunk for the calling flow.</summary>
    public static ChunkScope Enter()
    {
        var scope = new ChunkScope();
        Ambient.Value = scope;
        return scope;
    }

    /// <summary>The item <paramref name="owner"/> borrowed for this chunk, renting it on first use.</summary>
    public T GetOrAdd<T>(object owner, Func<T> rent, Action<T> release)
        where T : class
    {
        lock (_gate)
        {
            if (_owner is null)
            {
                var item = rent();
                (_owner, _item, _release) = (owner, item, () => release(item));
                return item;
            }

            // One computation per chunk: another owner here would be a second job's computation in the same flow.
            return ReferenceEquals(_owner, owner) ? (T)_item! : rent();
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Ambient.Value = null;
        Action? release;
        lock (_gate)
        {
            release = _release;
            (_owner, _item, _release) = (null, null, null);
        }

        release?.Invoke();
    }
}
