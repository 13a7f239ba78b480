using System.Globalization;

namespace Ttg.Redis;

/// <summary>
/// A member of a job's results index (<see cref="JobKeys.Index"/>): <c>chunkId:count</c>, with <c>:p</c> when the
/// chunk's payload is stored next to its results. The score is the chunk's start.
/// </summary>
/// <param name="ChunkId">The chunk.</param>
/// <param name="Count">Its number of parameters.</param>
/// <param name="HasPayload">True when <c>p:chunkId</c> holds its payload.</param>
internal readonly record struct IndexMember(string ChunkId, int Count, bool HasPayload)
{
    /// <summary>Parses a member written by the complete script.</summary>
    public static IndexMember Parse(string member)
    {
        var parts = member.Split(':');
        return new IndexMember(parts[0], int.Parse(parts[1], CultureInfo.InvariantCulture), parts.Length > 2);
    }
}
