using System.ComponentModel;
using System.Diagnostics;

namespace Ttg.Deploy.Tests;

/// <summary>Runs a real process to completion and captures its output.</summary>
internal static class ProcessRunner
{
    public sealed record Outcome(int ExitCode, string StdOut, string StdErr);

    public static async Task<Outcome> RunAsync(string fileName, IEnumerable<string> arguments, TimeSpan timeout, string? workingDirectory = null)
    {
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? RepoPaths.Root,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        Process process;
        try
        {
            process = Process.Start(info) ?? throw new InvalidOperationException($"{fileName} did not start");
        }
        catch (Win32Exception e)
        {
            throw new InvalidOperationException(
                $"'{fileName}' could not be started ({e.Message}). These tests need it installed and on PATH.", e);
        }

        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            using var cts = new CancellationTokenSource(timeout);
            try
            {
                await process.WaitForExitAsync(cts.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"{fileName} {string.Join(' ', arguments)} did not finish within {timeout}");
            }

            return new Outcome(process.ExitCode, await stdout, await stderr);
        }
    }
}
