using System.Collections.ObjectModel;
using System.Globalization;

namespace Ttg;

/// <summary>
/// Free-form <c>name=value</c> arguments of a job (<c>--arg name=value</c>, or flags such as <c>--work-ms</c>),
/// read by computations. Names compare case-insensitively.
/// </summary>
public sealed class JobArguments
{
    private readonly ReadOnlyDictionary<string, string> _values;

    /// <summary>Creates arguments from a dictionary (copied).</summary>
    public JobArguments(IEnumerable<KeyValuePair<string, string>> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        _values = new ReadOnlyDictionary<string, string>(new Dictionary<string, string>(values, StringComparer.OrdinalIgnoreCase));
    }

    /// <summary>No arguments.</summary>
    public static JobArguments Empty { get; } = new([]);

    /// <summary>All arguments.</summary>
    public IReadOnlyDictionary<string, string> Values => _values;

    /// <summary>The raw text of an argument, or null.</summary>
    public string? Get(string name) => _values.TryGetValue(name, out var value) ? value : null;

    /// <summary>An argument read as a double, or <paramref name="defaultValue"/> when absent.</summary>
    /// <exception cref="FormatException">The argument is present but not a number; the message names it.</exception>
    public double GetDouble(string name, double defaultValue)
    {
        var text = Get(name);
        if (text is null)
        {
            return defaultValue;
        }

        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new FormatException($"Argument '{name}' is '{text}', which is not a number; pass a number such as {name}=1.5.");
    }

    /// <summary>An argument read as a comma-separated list of integers (for example <c>fail-on=17,4242</c>); empty when absent.</summary>
    /// <exception cref="FormatException">An item is not an integer; the message names it.</exception>
    public IReadOnlySet<long> GetInt64Set(string name)
    {
        var text = Get(name);
        var set = new HashSet<long>();
        if (string.IsNullOrWhiteSpace(text))
        {
            return set;
        }

        foreach (var item in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!long.TryParse(item, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
            {
                throw new FormatException($"Argument '{name}' has '{item}', which is not an integer; pass a list such as {name}=17,4242.");
            }

            set.Add(value);
        }

        return set;
    }
}
