using System.Security.Cryptography;

namespace Ttg.Results;

/// <summary>The export: rows streamed to any stream, or to a file by way of a temporary name.</summary>
public sealed partial class JobResults
{
    /// <summary>
    /// Writes one row per stored outcome, in index order, to <paramref name="output"/> (left open) in
    /// <paramref name="format"/>, with the columns <see cref="ResultExporter"/> describes.
    /// Rows are written in batches with asynchronous writes, so an HTTP response body takes them as they come.
    /// Returns the number of rows written.
    /// </summary>
    public async Task<long> ExportAsync(Stream output, ExportFormat format, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(output);
        using IResultRowWriter writer = format switch
        {
            ExportFormat.Csv => new CsvResultWriter(output, Columns),
            ExportFormat.Jsonl => new JsonlResultWriter(output, Columns),
            ExportFormat.Parquet => new ParquetResultWriter(output, Columns, ParameterKinds),
            _ => throw new ArgumentOutOfRangeException(nameof(format), format, "Export as Csv, Jsonl or Parquet."),
        };
        writer.WriteHeader(Plan.Space.Names, Columns.Names);
        long rows = 0;
        await foreach (var chunk in ChunksAsync(cancellationToken).ConfigureAwait(false))
        {
            foreach (var outcome in chunk.Outcomes)
            {
                writer.WriteRow(outcome, chunk.Source);
                rows++;
                if (writer.IsBatchFull)
                {
                    await writer.FlushBatchAsync(cancellationToken).ConfigureAwait(false);
                }
            }
        }

        await writer.CompleteAsync(cancellationToken).ConfigureAwait(false);
        return rows;
    }

    /// <summary>
    /// Writes the export to <paramref name="path"/> in the format its extension names (.csv, .jsonl, .parquet), under a
    /// temporary name renamed when complete, so a failed export never leaves half a file. Returns the rows written.
    /// </summary>
    /// <exception cref="ArgumentException">The path does not end in .csv, .jsonl or .parquet.</exception>
    public async Task<long> ExportToFileAsync(string path, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var format = ResultExporter.FormatOf(path)
            ?? throw new ArgumentException($"Cannot export to '{path}': the format is chosen by extension; use a path ending in .csv, .jsonl or .parquet.", nameof(path));
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var temp = $"{full}.{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}.tmp";
        try
        {
            long rows;
            await using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, useAsync: false))
            {
                rows = await ExportAsync(file, format, cancellationToken).ConfigureAwait(false);
            }

            File.Move(temp, full, overwrite: true);
            return rows;
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
    }
}
