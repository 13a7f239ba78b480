using System.CommandLine;
using Ttg.Computations;
using Ttg.Testing;

namespace Ttg.Cli.Tests;

/// <summary>
/// Walks the real command tree: every numeric option of every verb, given text, NaN, infinities and overflow,
/// answers exit 2 with one line naming the flag, never a .NET type name, exception text or the help.
/// New options are covered as soon as a verb adds them.
/// </summary>
public sealed class OptionWalkTests : IDisposable
{
    private static readonly string[] BadNumbers = ["abc", "NaN", "Infinity", "-Infinity", "1e400", "99999999999999999999999", "-99999999999999999999999", "1,5e3x"];

    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    public static TheoryData<string, string> NumericOptions()
    {
        var data = new TheoryData<string, string>();
        foreach (var (verb, option) in Walk())
        {
            if (IsNumeric(option.ValueType))
            {
                data.Add(verb, option.Name);
            }
        }

        return data;
    }

    [Fact]
    public void TheWalk_FindsTheKnownNumericOptions()
    {
        var found = Walk().Where(o => IsNumeric(o.Option.ValueType)).Select(o => $"{o.Verb} {o.Option.Name}").ToHashSet();

        Assert.Contains("submit --chunk-size", found);
        Assert.Contains("run --lease", found);
        Assert.Contains("worker --grace-period", found);
        Assert.Contains("dashboard --port", found);
    }

    [Theory]
    [MemberData(nameof(NumericOptions))]
    public async Task EveryNumericOption_RejectsBadNumbers_WithItsName(string verb, string option)
    {
        foreach (var bad in BadNumbers)
        {
            var store = _folder.File($"{verb}{option}.db");
            var result = await InProcessTtg.RunAsync([verb, .. Placeholders(verb), option, bad, "--store", store]);

            var shown = $"ttg {verb} {option} {bad}: {result}";
            Assert.True(result.ExitCode == ExitCodes.BadInput, shown);
            Assert.Contains(option, result.Stderr);
            AssertPlain(result, shown);
            Assert.False(File.Exists(store), shown);
        }
    }

    [Theory]
    [InlineData("submit", "--goal", "sideways")]
    [InlineData("results", "--goal", "sideways")]
    [InlineData("jobs", "--log-level", "LOUD")]
    [InlineData("jobs", "--log-format", "xml")]
    [InlineData("worker", "--static", "maybe")]
    [InlineData("jobs", "--no-such-flag", "1")]
    public async Task OtherBadValues_AreOneLine_WithoutHelp(string verb, string option, string bad)
    {
        var result = await InProcessTtg.RunAsync([verb, .. Placeholders(verb), option, bad, "--store", _folder.File("s.db")]);

        Assert.True(result.ExitCode == ExitCodes.BadInput, result.ToString());
        AssertPlain(result, result.ToString());
    }

    /// <summary>No exception text, .NET type name, stack frame or help dump; one error line.</summary>
    internal static void AssertPlain(ProcessResult result, string shown)
    {
        var all = result.Stdout + result.Stderr;
        Assert.DoesNotContain("System.", all);
        Assert.DoesNotContain("Exception", all);
        Assert.DoesNotContain("   at ", all);
        Assert.DoesNotContain("Usage:", all);
        Assert.DoesNotContain("Options:", all);
        Assert.True(result.Stderr.Split('\n').Count(l => l.StartsWith("error:", StringComparison.Ordinal)) == 1, shown);
    }

    private static IEnumerable<(string Verb, Option Option)> Walk()
    {
        var root = TtgCommandLine.BuildRoot(new CliServices(new ComputationRegistry().AddBuiltIns(), TextWriter.Null, TextWriter.Null));
        foreach (var command in root.Subcommands)
        {
            foreach (var option in command.Options)
            {
                yield return (command.Name, option);
            }
        }
    }

    private static bool IsNumeric(Type type)
    {
        var plain = Nullable.GetUnderlyingType(type) ?? type;
        return plain == typeof(int) || plain == typeof(long) || plain == typeof(double) || plain == typeof(float) || plain == typeof(decimal);
    }

    /// <summary>Values for a verb's required arguments and options, so the bad value is the only problem.</summary>
    private static string[] Placeholders(string verb)
    {
        var root = TtgCommandLine.BuildRoot(new CliServices(new ComputationRegistry().AddBuiltIns(), TextWriter.Null, TextWriter.Null));
        var command = root.Subcommands.Single(c => c.Name == verb);
        var values = new List<string>();
        values.AddRange(command.Arguments.Where(a => a.Arity.MinimumNumberOfValues > 0).Select(_ => "placeholder"));
        foreach (var option in command.Options.Where(o => o.Required))
        {
            values.AddRange([option.Name, "placeholder.html"]);
        }

        return [.. values];
    }
}
