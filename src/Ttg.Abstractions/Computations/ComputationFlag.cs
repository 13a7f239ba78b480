namespace Ttg;

/// <summary>
/// A command-line flag a computation contributes to the job verbs (<c>run</c>, <c>submit</c>, <c>worker</c>): its
/// value becomes the job argument <see cref="Argument"/>, as <c>--arg ARGUMENT=VALUE</c> would. Only a program that
/// registers the flag offers it, so a user's command line carries no other computation's flags.
/// </summary>
/// <param name="Name">The flag, for example <c>--work-ms</c>.</param>
/// <param name="Argument">The job argument it sets, for example <c>work-ms</c>.</param>
/// <param name="Description">One line for the help.</param>
public sealed record ComputationFlag(string Name, string Argument, string Description)
{
    /// <summary>The value's name in the help; default <c>VALUE</c>.</summary>
    public string HelpName { get; init; } = "VALUE";

    /// <summary>Whether the value is a number (checked like every numeric flag: finite, in range); default false.</summary>
    public bool IsNumber { get; init; }

    /// <summary>An environment variable that gives the value when neither the flag nor the argument is given; default none.</summary>
    public string? EnvironmentVariable { get; init; }
}
