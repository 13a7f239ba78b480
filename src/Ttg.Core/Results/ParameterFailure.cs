namespace Ttg.Results;

/// <summary>Why a parameter has no result: the exception its computation threw on its last attempt.</summary>
/// <param name="ExceptionType">The exception's type name (for example <c>InvalidOperationException</c>).</param>
/// <param name="Message">The exception's message.</param>
/// <param name="Attempts">How many times the parameter was attempted.</param>
public sealed record ParameterFailure(string ExceptionType, string Message, int Attempts)
{
    /// <summary>The failure as exported: <c>Type: message (attempts N)</c>.</summary>
    public override string ToString() => $"{ExceptionType}: {Message} (attempts {Attempts})";
}
