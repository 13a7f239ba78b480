using System.Text.Json;
using System.Text.Json.Serialization;

namespace Ttg.Jobs;

/// <summary>
/// The stored spec's JSON contract, generated at build time: every worker reads a job's spec when it first meets the
/// job, and the reflection-based serializer spent a noticeable part of a worker's start emitting and compiling its
/// accessors (tiered compilation is off, so that code is compiled fully optimised).
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(StoredJobSpec))]
internal sealed partial class StoredJobSpecJson : JsonSerializerContext;
