namespace Ttg.Results;

/// <summary>
/// Maps a result to export columns: <c>result</c> for scalars, one column per field for records (taken from the
/// first record). A result that does not fit the columns is still exported: a scalar among records goes to the
/// <c>value</c> column (or the first), a record among scalars is written as text.
/// </summary>
internal sealed class ResultColumns
{
    public const string ScalarColumn = "result";

    private ResultColumns(IReadOnlyList<string> names, bool records)
    {
        Names = names;
        Records = records;
    }

    public IReadOnlyList<string> Names { get; }

    public bool Records { get; }

    public static ResultColumns For(Result? first) => first is { IsRecord: true } record
        ? new ResultColumns([.. record.Fields.Select(f => f.Name)], true)
        : new ResultColumns([ScalarColumn], false);

    /// <summary>The value of column <paramref name="column"/> for <paramref name="result"/>.</summary>
    public Value ValueOf(in Result result, int column)
    {
        if (!Records)
        {
            return result.IsRecord ? Value.FromString(result.ToString()) : result.Scalar;
        }

        if (result.IsRecord)
        {
            return result[Names[column]];
        }

        var target = Names.Contains("value") ? Names.ToList().IndexOf("value") : 0;
        return column == target ? result.Scalar : Value.Null;
    }
}
