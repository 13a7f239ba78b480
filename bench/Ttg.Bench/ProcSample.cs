namespace Ttg.Bench;

/// <summary>What /proc says about one process: peak resident memory and CPU time used so far.</summary>
internal readonly record struct ProcSample(long PeakRssKiB, double CpuSeconds)
{
    private static readonly double TicksPerSecond = 100; // USER_HZ on Linux

    public static ProcSample? Read(int pid)
    {
        try
        {
            var status = File.ReadAllText($"/proc/{pid}/status");
            long hwm = 0;
            foreach (var line in status.Split('\n'))
            {
                if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                {
                    hwm = long.Parse(line[6..].Replace("kB", "").Trim());
                }
            }

            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            var cpu = (long.Parse(fields[11]) + long.Parse(fields[12])) / TicksPerSecond;
            return new ProcSample(hwm, cpu);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return null; // The process already exited.
        }
    }
}
