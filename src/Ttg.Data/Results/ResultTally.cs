using Ttg.Jobs;
using Ttg.Spaces;

namespace Ttg.Results;

/// <summary>
/// What the read model's one pass learns from each decoded chunk: counts, the first failures, the result columns and
/// the type of every parameter column (so a Parquet schema holds every row), and <see cref="FieldStatistics"/> of every
/// field that holds numbers.
/// </summary>
internal sealed class ResultTally
{
    private readonly ResultColumns.Scanner _scanner = new();
    private readonly Dictionary<string, FieldStatistics> _fields = new(StringComparer.Ordinal);
    private readonly List<(long Index, ParameterFailure Failure)> _failures = [];
    private readonly ValueKind?[] _parameterKinds;
    private readonly bool[] _knownKinds;

    public ResultTally(JobPlan plan)
    {
        var names = plan.Space.Names;
        _parameterKinds = new ValueKind?[names.Count];
        _knownKinds = new bool[names.Count];
        var axes = (plan.Space as GridSpace)?.Axes;
        for (var i = 0; axes is not null && i < axes.Count; i++)
        {
            (_parameterKinds[i], _knownKinds[i]) = axes[i].Kind switch
            {
                GridAxisKind.Linspace or GridAxisKind.Logspace => (ValueKind.Double, true),
                GridAxisKind.IntegerRange => (ValueKind.Int64, true),
                _ => (KindOf(axes[i]), true),
            };
        }

        var sampled = (plan.Space as SampledSpace)?.Axes;
        for (var i = 0; sampled is not null && i < sampled.Count; i++)
        {
            // Continuous axes are doubles; a discrete axis's values are scanned like any parameter column.
            (_parameterKinds[i], _knownKinds[i]) = sampled[i].IsDiscrete ? ((ValueKind?)null, false) : (ValueKind.Double, true);
        }
    }

    public long Count { get; private set; }

    public long Succeeded { get; private set; }

    public IReadOnlyList<(long Index, ParameterFailure Failure)> Failures => _failures;

    public IReadOnlyDictionary<string, FieldStatistics> Fields => _fields;

    public IReadOnlyList<ValueKind> ParameterKinds => [.. _parameterKinds.Select(k => k ?? ValueKind.String)];

    public ResultColumns Columns => _scanner.ToColumns();

    public void Add(in DecodedChunk chunk)
    {
        var scanParameters = chunk.Source is not null && _knownKinds.Contains(false);
        foreach (var outcome in chunk.Outcomes)
        {
            Count++;
            if (outcome.Failure is { } failure)
            {
                if (_failures.Count < ResultSummary.MaxFailuresListed)
                {
                    _failures.Add((outcome.Index, failure));
                }
            }
            else
            {
                Succeeded++;
                _scanner.Add(outcome.Result);
                AddNumbers(outcome, chunk.Source);
            }

            for (var i = 0; scanParameters && i < _parameterKinds.Length; i++)
            {
                if (!_knownKinds[i])
                {
                    _parameterKinds[i] = ResultColumns.Combine(_parameterKinds[i], chunk.Source!.GetValue(outcome.Index, i)).Kind;
                }
            }
        }
    }

    private void AddNumbers(in ParameterOutcome outcome, IParameterSource? source)
    {
        var result = outcome.Result;
        if (!result.IsRecord)
        {
            Note(ResultColumns.ScalarColumn, result.Scalar, outcome.Index, result, source);
            return;
        }

        foreach (var field in result.Fields)
        {
            Note(field.Name, field.Value, outcome.Index, result, source);
        }
    }

    private void Note(string name, Value value, long index, in Result result, IParameterSource? source)
    {
        if (!value.IsNumber)
        {
            return;
        }

        if (!_fields.TryGetValue(name, out var statistics))
        {
            _fields[name] = statistics = new FieldStatistics();
        }

        statistics.Add(value.AsDouble(), index, result, source);
    }

    private static ValueKind KindOf(GridAxis axis)
    {
        ValueKind? kind = null;
        for (var p = 0; p < axis.Count; p++)
        {
            kind = ResultColumns.Combine(kind, axis.ValueAt(p)).Kind;
        }

        return kind ?? ValueKind.String;
    }
}
