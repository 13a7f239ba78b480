using System.CommandLine;

namespace Ttg.Cli.Json;

/// <summary><c>--json</c>: print one JSON document on stdout instead of text, for scripts.</summary>
internal static class JsonFlag
{
    public static Option<bool> Create() => new("--json") { Description = "Print JSON on stdout instead of text (notes still go to stderr)" };
}
