using Ttg.Programs;
using Ttg.Workers;

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

    /// <summary>The type recorded when a chunk's earlier holders died computing it and no attempt is left to run it again.</summary>
    public const string WorkerLostType = "WorkerLost";

    // What TTG itself records, in words; its exception types are no part of the user's code.
    private static readonly Dictionary<string, string> OwnKinds = new(StringComparer.Ordinal)
    {
        [typeof(ProgramFailedException).FullName!] = "program failed",
        [typeof(ParameterTimeoutException).FullName!] = "timed out",
        [WorkerLostType] = "worker lost",
    };

    /// <summary>
    /// What went wrong, for people: "program failed", "timed out" or "worker lost" for what TTG records itself,
    /// otherwise the computation's own exception type without its namespace (<c>InvalidOperationException</c>).
    /// <see cref="ExceptionType"/> keeps the full name for scripts (<c>--json</c>, the JSON Lines and Parquet exports).
    /// </summary>
    public string Kind => OwnKinds.TryGetValue(ExceptionType, out var kind) ? kind : ExceptionType[(ExceptionType.LastIndexOfAny(['.', '+']) + 1)..];

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

    /// <summary>The failure in one line, as printed and as exported in one cell: <c>kind: message (attempts N)</c>.</summary>
    public override string ToString() => $"{Kind}: {Message} (attempts {Attempts})";

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
