namespace Ttg.Results;

/// <summary>Which result is best in a summary.</summary>
public enum ResultGoal
{
    /// <summary>The smallest primary number is best (losses, errors, costs).</summary>
    Minimize = 0,
    /// <summary>The largest primary number is best (scores, likelihoods).</summary>
    Maximize = 1,
}
