using System.Globalization;
using System.Text.Json;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Ttg.Jobs;

/// <summary>
/// Loads a job spec from a YAML (<c>.yaml</c>, <c>.yml</c>) or JSON (<c>.json</c>) file with the field names of
/// <see cref="JobSpec"/> in camelCase. Absent fields keep <see cref="JobSpec"/>'s defaults, so command-line flags
/// can override the loaded spec with <c>spec with { ... }</c>.
/// </summary>
public static class JobSpecFile
{
    private static readonly string[] Fields = ["name", "computation", "command", "serve", "asyncConcurrency", "params", "grid", "sample", "seed", "reuse", "input", "chunkSize", "maxAttempts", "lease", "timeout", "deadline", "speculate", "arguments"];

    /// <summary>
    /// Reads the spec at <paramref name="path"/>. A relative <c>input</c> is resolved against the spec file's folder.
    /// A <c>grid</c> may be a string or a map of axis to spec; argument values may be scalars or lists (joined by commas).
    /// </summary>
    /// <exception cref="JobSpecException">The file is missing or malformed, or a field is unknown or of the wrong type; the message names the file, the field and the fix.</exception>
    public static JobSpec Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new JobSpecException($"Spec file '{path}' does not exist; pass the path of a .yaml or .json job spec");
        }

        var extension = Path.GetExtension(path).ToLowerInvariant();
        SpecNode root;
        try
        {
            var text = File.ReadAllText(path);
            root = extension switch
            {
                ".yaml" or ".yml" => SpecNode.FromYaml(text),
                ".json" => SpecNode.FromJson(text),
                _ => throw new JobSpecException($"Spec file '{path}' has extension '{extension}'; use a .yaml, .yml or .json file"),
            };
        }
        catch (YamlException ex)
        {
            throw new JobSpecException($"Spec file '{path}' is not valid YAML at line {ex.Start.Line}: {ex.Message.Split('\n')[0]}; fix the file", ex);
        }
        catch (JsonException ex)
        {
            throw new JobSpecException($"Spec file '{path}' is not valid JSON ({ex.Message.Split('\n')[0]}); fix the file", ex);
        }
        catch (IOException ex)
        {
            throw new JobSpecException($"Spec file '{path}' cannot be read ({ex.Message}); check its permissions", ex);
        }

        if (root.Map is null)
        {
            throw new JobSpecException($"Spec file '{path}' must hold a map of fields ({string.Join(", ", Fields)}); for example 'computation: square' and 'params: 1000'");
        }

        return Build(path, root.Map);
    }

    private static JobSpec Build(string path, IReadOnlyList<KeyValuePair<string, SpecNode>> map)
    {
        var spec = new JobSpec();
        foreach (var (key, node) in map)
        {
            var field = Fields.FirstOrDefault(f => string.Equals(f, key, StringComparison.OrdinalIgnoreCase))
                ?? throw new JobSpecException($"Spec file '{path}' has unknown field '{key}'; known fields are {string.Join(", ", Fields)}");
            spec = field switch
            {
                "name" => spec with { Name = Scalar(path, field, node) },
                "computation" => spec with { Computation = Scalar(path, field, node) },
                "command" => spec with { Command = Scalar(path, field, node) },
                "serve" => spec with { Serve = Scalar(path, field, node) },
                "asyncConcurrency" => spec with { AsyncConcurrency = (int)Math.Clamp(Integer(path, field, node, "asyncConcurrency: 16") ?? JobSpec.DefaultAsyncConcurrency, int.MinValue, int.MaxValue) },
                "params" => spec with { Params = Integer(path, field, node, "params: 1000") },
                "grid" => spec with { Grid = Grid(path, node) },
                "sample" => spec with { Sample = Scalar(path, field, node) },
                "seed" => spec with { Seed = Seed(path, node) },
                "reuse" => spec with { Reuse = Flag(path, field, node) },
                "input" => spec with { Input = ResolveInput(path, Scalar(path, field, node)) },
                "chunkSize" => spec with { ChunkSize = string.Equals(Scalar(path, field, node), "auto", StringComparison.OrdinalIgnoreCase) ? JobSpec.AutoChunkSize : Int32(path, field, node, "chunkSize: 100 or chunkSize: auto") ?? JobSpec.DefaultChunkSize },
                "maxAttempts" => spec with { MaxAttempts = Int32(path, field, node, "maxAttempts: 3") ?? JobSpec.DefaultMaxAttempts },
                "lease" => spec with { Lease = Duration(path, "lease", node) },
                "timeout" => spec with { Timeout = Duration(path, "timeout", node) },
                "deadline" => spec with { Deadline = Deadline(path, node) },
                "speculate" => spec with { Speculate = Speculate(path, node) },
                _ => spec with { Arguments = Arguments(path, node) },
            };
        }

        return spec;
    }

    private static string? Scalar(string path, string field, SpecNode node) => node.Map is null && node.List is null
        ? node.Text
        : throw new JobSpecException($"Spec file '{path}' field '{field}' must be a single value, not a {(node.Map is null ? "list" : "map")}; write {field}: VALUE");

    private static long? Integer(string path, string field, SpecNode node, string example)
    {
        var text = Scalar(path, field, node);
        if (text is null)
        {
            return null;
        }

        return long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new JobSpecException($"Spec file '{path}' field '{field}' is '{text}', not a whole number from 1 to {long.MaxValue}; write {example}");
    }

    private static bool Flag(string path, string field, SpecNode node) => Scalar(path, field, node)?.ToLowerInvariant() switch
    {
        "true" or "yes" => true,
        "false" or "no" or null => false,
        var text => throw new JobSpecException($"Spec file '{path}' field '{field}' is '{text}', not true or false; write {field}: true"),
    };

    private static long? Seed(string path, SpecNode node)
    {
        var seed = Integer(path, "seed", node, "seed: 7");
        return seed is null or >= 0
            ? seed
            : throw new JobSpecException($"Spec file '{path}' field 'seed' is {seed}, outside 0 to {long.MaxValue}; write seed: 7");
    }

    private static int? Int32(string path, string field, SpecNode node, string example) => Integer(path, field, node, example) switch
    {
        null => null,
        >= 1 and <= int.MaxValue and var value => (int)value,
        var value => throw new JobSpecException($"Spec file '{path}' field '{field}' is {value}, outside 1 to {int.MaxValue}; write {example}"),
    };

    private static TimeSpan Duration(string path, string field, SpecNode node)
    {
        var text = Scalar(path, field, node);
        return DurationText.TryParse(text, out var duration)
            ? duration
            : throw new JobSpecException($"Spec file '{path}' field '{field}' is '{text}', not a duration from 0 to 1 day; write {field}: 30 (seconds), {field}: 30s or {field}: 2m");
    }

    private static TimeSpan Deadline(string path, SpecNode node)
    {
        var text = Scalar(path, "deadline", node);
        return DurationText.TryParse(text, JobDeadline.MaxSeconds, out var duration)
            ? duration
            : throw new JobSpecException($"Spec file '{path}' field 'deadline' is '{text}', not a duration from 1s to 366 days; write deadline: 2h or deadline: 90m");
    }

    private static bool Speculate(string path, SpecNode node)
    {
        var text = Scalar(path, "speculate", node);
        return SpeculateText.TryParse(text, out var on)
            ? on
            : throw new JobSpecException($"Spec file '{path}' field 'speculate' is '{text}', not on or off; write speculate: off");
    }

    private static string? Grid(string path, SpecNode node)
    {
        if (node.Map is null)
        {
            return Scalar(path, "grid", node);
        }

        // A map reads naturally in YAML (x: -2:2:401); list axes may be YAML lists.
        return string.Join(",", node.Map.Select(axis => $"{axis.Key}={(axis.Value.List is { } list ? "[" + string.Join(",", list) + "]" : Scalar(path, "grid." + axis.Key, axis.Value))}"));
    }

    private static Dictionary<string, string> Arguments(string path, SpecNode node)
    {
        if (node.Map is null)
        {
            throw new JobSpecException($"Spec file '{path}' field 'arguments' must be a map of name to value; write arguments: {{ work-ms: 5, fail-on: [17, 42] }}");
        }

        var arguments = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in node.Map)
        {
            arguments[name] = value.List is { } list
                ? string.Join(",", list)
                : Scalar(path, "arguments." + name, value) ?? string.Empty;
        }

        return arguments;
    }

    private static string? ResolveInput(string specPath, string? input) =>
        input is null || Path.IsPathRooted(input)
            ? input
            : Path.GetFullPath(Path.Combine(Path.GetDirectoryName(Path.GetFullPath(specPath))!, input));
}
