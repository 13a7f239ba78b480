using System.Globalization;
using CsvHelper;

namespace Ttg.Cli.Tests;

/// <summary>Reads a results CSV into rows keyed by parameter index.</summary>
internal static class ResultsFile
{
    public static List<Dictionary<string, string>> ReadCsv(string path)
    {
        using var reader = new StreamReader(path);
        using var csv = new CsvReader(reader, CultureInfo.InvariantCulture);
        var rows = new List<Dictionary<string, string>>();
        csv.Read();
        csv.ReadHeader();
        var header = csv.HeaderRecord!;
        while (csv.Read())
        {
            rows.Add(header.ToDictionary(h => h, h => csv.GetField(h) ?? string.Empty));
        }

        return rows;
    }

    /// <summary>Asserts one row per index 0..count-1, in order, each result equal to <paramref name="expected"/>.</summary>
    public static void AssertExactlyOnce(List<Dictionary<string, string>> rows, long count, Func<long, double> expected, ISet<long>? failing = null)
    {
        Assert.Equal(count, rows.Count);
        for (var i = 0; i < rows.Count; i++)
        {
            var row = rows[i];
            Assert.Equal(i, long.Parse(row["index"], CultureInfo.InvariantCulture));
            if (failing is not null && failing.Contains(i))
            {
                Assert.NotEqual(string.Empty, row["error"]);
                Assert.Equal(string.Empty, row["result"]);
                continue;
            }

            Assert.Equal(string.Empty, row.GetValueOrDefault("error", string.Empty));
            Assert.Equal(expected(i), double.Parse(row["result"], CultureInfo.InvariantCulture));
        }
    }
}
