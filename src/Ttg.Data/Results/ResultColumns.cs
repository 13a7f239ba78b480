namespace Ttg.Results;

/// <summary>
/// The export columns of a job's results: the union of every field any result has, in first-seen order, each
/// typed on its own from every value it holds (booleans, integers, numbers; integers and numbers together read
/// as numbers). A scalar result goes to column <c>result</c>. A column whose values are of several kinds (say
/// numbers and strings) is exported as text and listed in <see cref="Mixed"/>, so nothing is dropped or coerced.
/// </summary>
internal sealed class ResultColumns
{
    public const string ScalarColumn = "result";

    private readonly Dictionary<string, int> _ordinals;
    private readonly int _scalar;

    private ResultColumns(List<string> names, List<ValueKind?> kinds, HashSet<string> mixed)
    {
        Names = names;
        Kinds = [.. kinds.Select(k => k ?? ValueKind.String)];
        Mixed = [.. names.Where(mixed.Contains)];
        _ordinals = names.Select((n, i) => (n, i)).ToDictionary(p => p.n, p => p.i, StringComparer.Ordinal);
        _scalar = _ordinals.TryGetValue(ScalarColumn, out var scalar) ? scalar : -1;
    }

    public IReadOnlyList<string> Names { get; }

    /// <summary>Each column's type; <see cref="ValueKind.String"/> for mixed columns and columns with no value.</summary>
    public IReadOnlyList<ValueKind> Kinds { get; }

    /// <summary>Columns whose values are of several kinds, exported as text.</summary>
    public IReadOnlyList<string> Mixed { get; }

    /// <summary>The columns of a job that has no results yet: the scalar column alone.</summary>
    public static ResultColumns Empty { get; } = new(["result"], [null], []);

    /// <summary>The value of column <paramref name="column"/> for <paramref name="result"/>: null when the result has no such field.</summary>
    public Value ValueOf(in Result result, int column) => result.IsRecord
        ? result[Names[column]]
        : column == _scalar ? result.Scalar : Value.Null;

    /// <summary>The value as exported: a mixed column's value as text, so every format holds the same thing.</summary>
    public Value ExportedValueOf(in Result result, int column)
    {
        var value = ValueOf(result, column);
        return Kinds[column] == ValueKind.String && !value.IsNull && value.Kind != ValueKind.String ? Value.FromString(value.ToString()) : value;
    }

    /// <summary>
    /// The column a summary ranks: <paramref name="requested"/> when given (it must be a numeric column), else
    /// <c>result</c> or <c>value</c> when numeric, else the first numeric column; -1 when there is none.
    /// </summary>
    /// <exception cref="Jobs.JobSpecException">The requested field does not exist or is not numeric.</exception>
    public int Metric(string? requested)
    {
        var numeric = Names.Where((_, i) => IsNumeric(i)).ToList();
        if (requested is not null)
        {
            return _ordinals.TryGetValue(requested, out var column) && IsNumeric(column)
                ? column
                : throw new Jobs.JobSpecException($"Result field '{requested}' is not a numeric field of this job; its numeric fields are: {(numeric.Count == 0 ? "none" : string.Join(", ", numeric))}");
        }

        foreach (var preferred in new[] { ScalarColumn, "value" })
        {
            if (_ordinals.TryGetValue(preferred, out var column) && IsNumeric(column))
            {
                return column;
            }
        }

        return numeric.Count == 0 ? -1 : _ordinals[numeric[0]];
    }

    private bool IsNumeric(int column) => Kinds[column] is ValueKind.Double or ValueKind.Int64;

    /// <summary>Builds the columns from every result, one at a time.</summary>
    internal sealed class Scanner
    {
        private readonly List<string> _names = [];
        private readonly List<ValueKind?> _kinds = [];
        private readonly Dictionary<string, int> _ordinals = new(StringComparer.Ordinal);
        private readonly HashSet<string> _mixed = new(StringComparer.Ordinal);

        public void Add(in Result result)
        {
            if (!result.IsRecord)
            {
                Note(ScalarColumn, result.Scalar);
                return;
            }

            foreach (var field in result.Fields)
            {
                Note(field.Name, field.Value);
            }
        }

        public ResultColumns ToColumns() => _names.Count == 0 ? Empty : new ResultColumns(_names, _kinds, _mixed);

        private void Note(string name, Value value)
        {
            if (!_ordinals.TryGetValue(name, out var column))
            {
                column = _names.Count;
                _ordinals[name] = column;
                _names.Add(name);
                _kinds.Add(null);
            }

            var (kind, mixed) = Combine(_kinds[column], value);
            _kinds[column] = kind;
            if (mixed)
            {
                _mixed.Add(name);
            }
        }
    }

    /// <summary>A column's kind after one more value; mixed when two kinds meet that no single type holds.</summary>
    internal static (ValueKind? Kind, bool Mixed) Combine(ValueKind? kind, Value value) => value.IsNull
        ? (kind, false)
        : kind switch
        {
            null => (value.Kind, false),
            var k when k == value.Kind => (k, false),
            ValueKind.Int64 or ValueKind.Double when value.IsNumber => (ValueKind.Double, false),
            _ => (ValueKind.String, true),
        };
}
