namespace Ttg.Results;

/// <summary>
/// The layout of a chunk's result blob: <c>[version][format][count varint]</c> then either <c>count</c> little-endian
/// doubles (<see cref="Doubles"/>, 8 bytes per parameter) or the tagged encoding (<see cref="Tagged"/>): the shared
/// record schema (field count, names) once, then per parameter a tag and its content.
/// </summary>
internal static class ResultFormat
{
    /// <summary>Every blob without a stack trace: successful chunks are byte for byte what earlier versions wrote.</summary>
    public const byte Version = 1;

    /// <summary>A tagged blob whose failures carry a stack trace (one more string after the attempts).</summary>
    public const byte VersionWithTraces = 2;

    public const byte Doubles = 0;
    public const byte Tagged = 1;

    public const byte TagScalar = 0;
    public const byte TagSharedRecord = 1;
    public const byte TagRecord = 2;
    public const byte TagFailure = 3;
}
