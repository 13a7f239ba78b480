namespace Ttg.Results;

/// <summary>Why a parameter has no result: the exception its computation threw on its last attempt.</summary>
/// <param name="ExceptionType">The exception's type name (for example <c>System.InvalidOperationException</c>).</param>
/// <param name="Message">The exception's message.</param>
/// <param name="Attempts">How many times the parameter was attempted.</param>
/// <param name="StackTrace">Where it was thrown (with any inner exceptions), at most <see cref="MaxStackTraceLength"/> characters; null when not recorded (results stored before traces were kept).</param>
public sealed record ParameterFailure(string ExceptionType, string Message, int Attempts, string? StackTrace = null)
{
    /// <summary>The longest stack trace kept: 4,096 characters, enough for the frames that matter without bloating the store.</summary>
    public const int MaxStackTraceLength = 4096;

    /// <summary>The failure of <paramref name="exception"/> after <paramref name="attempts"/> attempts, its trace bounded.</summary>
    public static ParameterFailure From(Exception exception, int attempts)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var trace = exception.StackTrace;
        if (exception.InnerException is { } inner)
        {
            trace = $"{trace}\n--- inner: {inner}";
        }

        return new ParameterFailure(exception.GetType().FullName ?? exception.GetType().Name, exception.Message, attempts, Bound(trace));
    }

    /// <summary>The failure as exported in one cell: <c>Type: message (attempts N)</c>.</summary>
    public override string ToString() => $"{ExceptionType}: {Message} (attempts {Attempts})";

    private static string? Bound(string? trace)
    {
        if (string.IsNullOrEmpty(trace))
        {
            return null;
        }

        const string cut = "\n… (trace cut)";
        return trace.Length <= MaxStackTraceLength ? trace : string.Concat(trace.AsSpan(0, MaxStackTraceLength - cut.Length), cut);
    }
}
