namespace Ttg.Results;

/// <summary>The table formats a job's results are exported in.</summary>
public enum ExportFormat
{
    /// <summary>Comma-separated values with a header row; lines end in the platform's newline (LF on Linux).</summary>
    Csv = 0,

    /// <summary>One JSON object per line.</summary>
    Jsonl = 1,

    /// <summary>Apache Parquet, every column typed from all its values, row groups of at most 65,536 rows.</summary>
    Parquet = 2,
}
