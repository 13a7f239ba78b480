using Ttg.Jobs;

namespace Ttg.Core.Tests.Layers;

/// <summary>
/// Core is the engine: file formats (spec and input files, exports, reports) live in Ttg.Data, which depends on Core,
/// never the other way round. Read from the compiled assembly's references, so a new using anywhere in Core fails here.
/// </summary>
public sealed class LayerRulesTests
{
    private static readonly string[] FileFormatAssemblies = ["Ttg.Data", "Ttg.Cli", "CsvHelper", "Parquet", "Parquet.Net", "YamlDotNet"];

    [Fact]
    public void Core_ReferencesNoFileFormatAssembly_NorTheLayersAboveIt()
    {
        var referenced = typeof(JobPlan).Assembly.GetReferencedAssemblies().Select(a => a.Name!).ToList();

        Assert.Contains("Ttg.Abstractions", referenced);
        Assert.Empty(referenced.Intersect(FileFormatAssemblies, StringComparer.OrdinalIgnoreCase));
    }

    [Fact]
    public void Abstractions_ReferenceNoOtherTtgAssembly()
    {
        var referenced = typeof(Value).Assembly.GetReferencedAssemblies().Select(a => a.Name!);

        Assert.DoesNotContain(referenced, name => name.StartsWith("Ttg", StringComparison.Ordinal));
    }
}
