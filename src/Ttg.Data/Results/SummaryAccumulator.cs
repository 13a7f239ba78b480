namespace Ttg.Results;

/// <summary>
/// Running statistics over outcomes in index order, ranking the numeric column <c>metric</c> of
/// <c>columns</c> (-1: none); keeps only the best's source, never all results.
/// </summary>
internal sealed class SummaryAccumulator(ResultGoal goal, ResultColumns columns, int metric)
{
    private readonly List<(long Index, ParameterFailure Failure)> _failures = [];
    private long _count;
    private long _succeeded;
    private long _numbers;
    private double _sum;
    private double _min = double.PositiveInfinity;
    private double _max = double.NegativeInfinity;
    private double _best;
    private long? _bestIndex;
    private Result _bestResult;
    private IParameterSource? _bestSource;

    /// <summary>The ranked number of <paramref name="result"/>, or null when it has none there.</summary>
    public double? Number(in Result result) =>
        metric >= 0 && columns.ValueOf(result, metric) is { IsNumber: true } value ? value.AsDouble() : null;

    public void Add(in ParameterOutcome outcome, IParameterSource? source)
    {
        _count++;
        if (outcome.Failure is { } failure)
        {
            if (_failures.Count < ResultSummary.MaxFailuresListed)
            {
                _failures.Add((outcome.Index, failure));
            }

            return;
        }

        _succeeded++;
        if (Number(outcome.Result) is not { } number || double.IsNaN(number))
        {
            return;
        }

        _numbers++;
        _sum += number;
        _min = Math.Min(_min, number);
        _max = Math.Max(_max, number);
        var better = _bestIndex is null || (goal == ResultGoal.Minimize ? number < _best : number > _best);
        if (better)
        {
            _best = number;
            _bestIndex = outcome.Index;
            _bestResult = outcome.Result;
            _bestSource = source;
        }
    }

    public ResultSummary ToSummary()
    {
        var bestParameters = new List<KeyValuePair<string, Value>>();
        if (_bestIndex is { } index && _bestSource is { } source)
        {
            for (var i = 0; i < source.Names.Count; i++)
            {
                bestParameters.Add(KeyValuePair.Create(source.Names[i], source.GetValue(index, i)));
            }
        }

        var any = _numbers > 0;
        return new ResultSummary(
            _count,
            _succeeded,
            _count - _succeeded,
            any ? _min : null,
            any ? _sum / _numbers : null,
            any ? _max : null,
            _bestIndex,
            bestParameters,
            _bestIndex is null ? null : (Result?)_bestResult,
            _failures)
        {
            Metric = metric >= 0 ? columns.Names[metric] : null,
            MixedColumns = columns.Mixed,
        };
    }
}
