using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Ttg.Cli.Dashboard;

namespace Ttg.Cli.Json;

/// <summary>The shapes <c>--json</c> prints, serialised by generated code (no reflection), camelCase, indented.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(JobsJson))]
[JsonSerializable(typeof(SubmitJson))]
[JsonSerializable(typeof(SummaryJson))]
[JsonSerializable(typeof(List<ComputationJson>))]
[JsonSerializable(typeof(JsonNode))]
internal sealed partial class CliJsonContext : JsonSerializerContext;

/// <summary>Jobs of a store, as <c>ttg jobs --json</c>, <c>ttg status --json</c> and the dashboard's /api/jobs show them.</summary>
internal sealed record JobsJson(string Store, IReadOnlyList<JobView> Jobs);

/// <summary>A submitted job (<c>ttg submit --json</c>).</summary>
internal sealed record SubmitJson(string Id, string Name, string Computation, long Parameters, int Chunks, string Store);

/// <summary>A registered computation (<c>ttg computations --json</c>).</summary>
internal sealed record ComputationJson(string Name, string Description);

/// <summary>A job's result summary (<c>ttg results --json</c>); <see cref="Metric"/> names the field that min, mean, max and best rank.</summary>
internal sealed record SummaryJson(
    string Job,
    long Count,
    long Succeeded,
    long Failed,
    string? Metric,
    double? Min,
    double? Mean,
    double? Max,
    BestJson? Best,
    IReadOnlyList<FailureJson> Failures,
    string? Output,
    long? Rows);

/// <summary>The best parameter: its index, its named values and its result.</summary>
internal sealed record BestJson(long Index, JsonObject Parameters, JsonNode? Result);

/// <summary>A failed parameter's evidence.</summary>
internal sealed record FailureJson(long Index, string Type, string Message, int Attempts, string? StackTrace);
