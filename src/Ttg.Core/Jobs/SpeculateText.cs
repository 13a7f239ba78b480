namespace Ttg.Jobs;

/// <summary>Reads the <c>speculate</c> setting as a user writes it: on or off (true/false, yes/no also do).</summary>
public static class SpeculateText
{
    /// <summary>True when <paramref name="text"/> is a known spelling; <paramref name="on"/> is then the setting.</summary>
    public static bool TryParse(string? text, out bool on)
    {
        switch (text?.Trim().ToLowerInvariant())
        {
            case "on" or "true" or "yes":
                on = true;
                return true;
            case "off" or "false" or "no":
                on = false;
                return true;
            default:
                on = false;
                return false;
        }
    }
}
