namespace Ttg.WorkQueue;

/// <summary>Where a chunk is in its life.</summary>
public enum ChunkState
{
    /// <summary>Waiting to be leased.</summary>
    Pending = 0,
    /// <summary>Held by a worker.</summary>
    Leased = 1,
    /// <summary>Results stored.</summary>
    Completed = 2,
    /// <summary>Replaced by its halves after exhausting its attempts.</summary>
    Split = 3,
}
