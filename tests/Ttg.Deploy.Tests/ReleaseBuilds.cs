namespace Ttg.Deploy.Tests;

/// <summary>
/// The tests that compile all of TTG in Release (the image's publish step, the packages): each costs tens of seconds of
/// CPU, so they run one at a time after the other tests of this assembly instead of starving the timing-sensitive ones.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ReleaseBuilds
{
    public const string Name = "release builds";
}
