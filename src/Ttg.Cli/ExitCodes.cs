namespace Ttg.Cli;

/// <summary>Every exit code the ttg command returns, in one place so scripts and manifests can rely on them.</summary>
public static class ExitCodes
{
    /// <summary>Done: every parameter has a result.</summary>
    public const int Success = 0;

    /// <summary>An unexpected error (a bug or an environment problem the message names).</summary>
    public const int Error = 1;

    /// <summary>Bad input: a flag, spec, grid or file is wrong; the message names it and the fix.</summary>
    public const int BadInput = 2;

    /// <summary>The job finished but some parameters failed after isolation; they are listed.</summary>
    public const int ParametersFailed = 3;

    /// <summary>The store or server cannot be used (not a TTG store, locked, read-only, unreachable).</summary>
    public const int BackendUnavailable = 4;

    /// <summary>The job was cancelled, or every worker died before it finished.</summary>
    public const int Incomplete = 5;

    /// <summary>
    /// A worker left because a parameter ignored its time limit and kept a core busy; the parameter was handed back
    /// on its own to be retried and isolated. Start the worker again (orchestrators and <c>ttg run</c> do).
    /// </summary>
    public const int WorkerAbandonedParameter = 6;

    /// <summary>
    /// A worker fault: this worker cannot compute here (the computation's set-up failed on this machine though it
    /// succeeded at submit, a required program or file is missing). No parameter was marked failed and its chunks
    /// were handed back; restart the worker elsewhere. <c>ttg run</c> exits with it when every worker did.
    /// </summary>
    public const int WorkerFault = 7;

    /// <summary>Stopped by Ctrl+C or SIGTERM before the end; computed results are kept and the job can be resumed.</summary>
    public const int Interrupted = 130;
}
