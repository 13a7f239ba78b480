namespace Ttg.Jobs;

/// <summary>A spec field with a value, as a message's example or fix: <c>chunkSize: 100</c> in a spec file, <c>--chunk-size 100</c> on the command line.</summary>
/// <param name="Field">The field.</param>
/// <param name="Value">The value as the user would write it.</param>
public sealed record SpecSetting(SpecField Field, string Value)
{
    /// <summary>The setting as a spec file writes it.</summary>
    public override string ToString() => $"{Field.Name}: {Value}";
}
