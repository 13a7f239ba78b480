using System.Globalization;
using Ttg.Jobs;

namespace Ttg.Spaces;

/// <summary>
/// Parses <c>name=spec,...</c> where spec is <c>a:b:n</c> (n doubles from a to b inclusive; <c>a:b:n:log</c> spaced in log scale), <c>a..b</c> or
/// <c>a..b..step</c> (integers, inclusive) or <c>[v1,v2]</c> (values read by <see cref="Value.Parse"/>; quote a
/// value to keep it a string).
/// </summary>
internal static class GridParser
{
    private const string Example = "x=-2:2:401,y=0..10,k=[1,2,5]";

    public static GridSpace Parse(string text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            throw JobSpecException.About($"{SpecField.Grid} is empty; pass axes such as {SpecField.Grid.Set($"\"{Example}\"")}");
        }

        var axes = new List<GridAxis>();
        foreach (var part in SplitTopLevel(text))
        {
            var axis = ParseAxis(part.Trim(), text);
            if (axes.Any(a => a.Name == axis.Name))
            {
                throw JobSpecException.About($"{SpecField.Grid} names axis '{axis.Name}' twice; give each axis a unique name");
            }

            axes.Add(axis);
        }

        return new GridSpace(axes, text);
    }

    /// <summary>The axis texts of <paramref name="text"/>: split at commas outside brackets.</summary>
    internal static List<string> SplitTopLevel(string text)
    {
        var parts = new List<string>();
        var depth = 0;
        var begin = 0;
        for (var i = 0; i < text.Length; i++)
        {
            switch (text[i])
            {
                case '[':
                    depth++;
                    break;
                case ']':
                    depth--;
                    if (depth < 0)
                    {
                        throw JobSpecException.About($"{SpecField.Grid} '{text}' has a ']' without a matching '['; write lists as k=[1,2,5]");
                    }

                    break;
                case ',' when depth == 0:
                    parts.Add(text[begin..i]);
                    begin = i + 1;
                    break;
            }
        }

        if (depth != 0)
        {
            throw JobSpecException.About($"{SpecField.Grid} '{text}' has a '[' without a closing ']'; write lists as k=[1,2,5]");
        }

        parts.Add(text[begin..]);
        return parts;
    }

    private static GridAxis ParseAxis(string part, string text)
    {
        var (name, spec) = SplitAxis(part, text);
        if (!spec.StartsWith('[') && !spec.Contains("..", StringComparison.Ordinal) && spec.Contains(':', StringComparison.Ordinal))
        {
            return ParseLinspace(name, spec);
        }

        return ParseListOrRange(name, spec);
    }

    /// <summary>An axis text's valid name and its spec.</summary>
    internal static (string Name, string Spec) SplitAxis(string part, string text)
    {
        var eq = part.IndexOf('=', StringComparison.Ordinal);
        if (part.Length == 0)
        {
            throw JobSpecException.About($"{SpecField.Grid} '{text}' has an empty axis (two commas or a trailing comma); write axes as \"{Example}\"");
        }

        if (eq < 0)
        {
            throw JobSpecException.About($"{SpecField.Grid} axis '{part}' has no '='; write it as name=spec, for example \"{Example}\"");
        }

        var name = part[..eq].Trim();
        var spec = part[(eq + 1)..].Trim();
        if (name.Length == 0 || !(char.IsLetter(name[0]) || name[0] == '_') || !name.All(c => char.IsLetterOrDigit(c) || c is '_' or '-'))
        {
            throw JobSpecException.About($"{SpecField.Grid} axis name '{name}' is not valid; start with a letter and use letters, digits, '_' or '-'");
        }

        return (name, spec);
    }

    /// <summary>A list (<c>[1,2,5]</c>) or integer range (<c>0..10</c>) axis.</summary>
    internal static GridAxis ParseListOrRange(string name, string spec)
    {
        if (spec.StartsWith('['))
        {
            return ParseList(name, spec);
        }

        if (spec.Contains("..", StringComparison.Ordinal))
        {
            return ParseIntegerRange(name, spec);
        }

        throw JobSpecException.About($"{SpecField.Grid} axis '{name}={spec}' is not a:b:n, a..b or [list]; for a single value write {name}=[{spec}]");
    }

    private static GridAxis ParseList(string name, string spec)
    {
        if (!spec.EndsWith(']'))
        {
            throw JobSpecException.About($"{SpecField.Grid} axis '{name}={spec}' has text after its list; write it as {name}=[1,2,5]");
        }

        var items = spec[1..^1].Split(',', StringSplitOptions.TrimEntries);
        if (items.Length == 1 && items[0].Length == 0)
        {
            throw JobSpecException.About($"{SpecField.Grid} axis '{name}' has an empty list; list at least one value, for example {name}=[1,2,5]");
        }

        var values = new Value[items.Length];
        for (var i = 0; i < items.Length; i++)
        {
            var item = items[i];
            if (item.Length == 0)
            {
                throw JobSpecException.About($"{SpecField.Grid} axis '{name}={spec}' has an empty item; remove the extra comma");
            }

            values[i] = item.Length >= 2 && (item[0] is '"' or '\'') && item[^1] == item[0]
                ? Value.FromString(item[1..^1])
                : Value.Parse(item);
        }

        return GridAxis.List(name, values);
    }

    private static GridAxis ParseIntegerRange(string name, string spec)
    {
        var parts = spec.Split("..", StringSplitOptions.TrimEntries);
        var fix = $"write {name}=0..10 or {name}=0..100..5 (integers; for decimals use {name}=0:1:11)";
        if (parts.Length is not (2 or 3))
        {
            throw JobSpecException.About($"{SpecField.Grid} axis '{name}={spec}' is not an integer range; {fix}");
        }

        if (!TryLong(parts[0], out var start) || !TryLong(parts[1], out var stop))
        {
            throw JobSpecException.About($"{SpecField.Grid} axis '{name}={spec}' has a bound that is not an integer; {fix}");
        }

        long step = start <= stop ? 1 : -1;
        if (parts.Length == 3 && !TryLong(parts[2], out step))
        {
            throw JobSpecException.About($"{SpecField.Grid} axis '{name}={spec}' has a step that is not an integer; {fix}");
        }

        if (step == 0 || (stop > start && step < 0) || (stop < start && step > 0))
        {
            throw JobSpecException.About($"{SpecField.Grid} axis '{name}={spec}' has step {step}, which never goes from {start} to {stop}; use a step with the direction of the range");
        }

        var count = (((Int128)stop - start) / step) + 1;
        if (count > long.MaxValue)
        {
            throw JobSpecException.About($"{SpecField.Grid} axis '{name}={spec}' has too many values; use a larger step");
        }

        return GridAxis.IntegerRange(name, start, step, (long)count);
    }

    private static GridAxis ParseLinspace(string name, string spec)
    {
        var parts = spec.Split(':', StringSplitOptions.TrimEntries);
        var fix = $"write {name}=start:stop:points, for example {name}=-2:2:401";
        var log = parts.Length == 4 && string.Equals(parts[3], "log", StringComparison.OrdinalIgnoreCase);
        if (parts.Length == 2 || (parts.Length == 3 && string.Equals(parts[2], "log", StringComparison.OrdinalIgnoreCase)))
        {
            throw JobSpecException.About($"{SpecField.Grid} axis '{name}={spec}' gives bounds but no point count; add one ({name}={parts[0]}:{parts[1]}:11), or sample between the bounds with {SpecField.Sample.Set("sobol:1000")}");
        }

        if (parts.Length != 3 && !log)
        {
            throw JobSpecException.About($"{SpecField.Grid} axis '{name}={spec}' needs exactly start:stop:points (or start:stop:points:log); {fix}");
        }

        if (!TryDouble(parts[0], out var start) || !TryDouble(parts[1], out var stop))
        {
            throw JobSpecException.About($"{SpecField.Grid} axis '{name}={spec}' has a bound that is not a finite number; {fix}");
        }

        if (!TryLong(parts[2], out var points) || points < 1)
        {
            throw JobSpecException.About($"{SpecField.Grid} axis '{name}={spec}' has '{parts[2]}' points; the point count must be a whole number of at least 1; {fix}");
        }

        if (log && (start <= 0 || stop <= 0))
        {
            throw JobSpecException.About($"{SpecField.Grid} axis '{name}={spec}' is log-spaced but has a bound of 0 or less; both bounds must be positive, for example {name}=1e-5:1e-1:41:log");
        }

        return log ? GridAxis.Logspace(name, start, stop, points) : GridAxis.Linspace(name, start, stop, points);
    }

    internal static bool TryLong(string text, out long value) =>
        long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);

    internal static bool TryDouble(string text, out double value) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);
}
