namespace Ttg.Bench;

/// <summary>The suite's command line.</summary>
internal sealed record Args(string Ttg, bool Smoke, int? Runs, string[]? Only, string Out, string? Notes)
{
    public static Args Parse(string[] args)
    {
        string? ttg = null, notes = null, output = null;
        var smoke = false;
        int? runs = null;
        string[]? only = null;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--ttg": ttg = args[++i]; break;
                case "--smoke": smoke = true; break;
                case "--runs": runs = int.Parse(args[++i], System.Globalization.CultureInfo.InvariantCulture); break;
                case "--only": only = args[++i].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries); break;
                case "--out": output = args[++i]; break;
                case "--notes": notes = args[++i]; break;
                default: throw new ArgumentException($"unknown argument {args[i]}; see bench/run.sh");
            }
        }

        return new Args(ttg ?? throw new ArgumentException("--ttg PATH is required"), smoke, runs, only, output ?? "benchmarks.md", notes);
    }
}
