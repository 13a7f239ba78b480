namespace Ttg.Workers;

/// <summary>
/// A <see cref="WorkerOptions"/> property out of its range. It names the property, not a command-line flag: the
/// engine does not know how its options were given, so a front end (the <c>ttg</c> command) renders the fix in its
/// own terms from <see cref="Property"/>, <see cref="Problem"/> and <see cref="Suggested"/>.
/// </summary>
public sealed class InvalidWorkerOptionException : ArgumentException
{
    /// <summary>Creates the exception for <paramref name="property"/>.</summary>
    public InvalidWorkerOptionException(string property, string problem, string? suggested)
        : base($"WorkerOptions.{property} {problem}" + (suggested is null ? "." : $"; set it to {suggested} or leave it at its default."))
    {
        Property = property;
        Problem = problem;
        Suggested = suggested;
    }

    /// <summary>The property's name, such as <c>Concurrency</c>.</summary>
    public string Property { get; }

    /// <summary>What is wrong, such as "must be at least 1 (got 0)".</summary>
    public string Problem { get; }

    /// <summary>A value that works, or null when none is worth suggesting.</summary>
    public string? Suggested { get; }
}
