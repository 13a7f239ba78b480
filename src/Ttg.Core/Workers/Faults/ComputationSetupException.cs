namespace Ttg.Workers.Faults;

/// <summary>
/// A job's computation threw while being set up on this worker. Set-up succeeded at submit, so the cause is this
/// machine (a file, a program, memory), not the job's parameters: a worker fault, not a parameter failure.
/// </summary>
internal sealed class ComputationSetupException(string jobId, string computation, Exception cause)
    : Exception($"computation '{computation}' of job {jobId}: {cause.GetType().Name}: {cause.Message.ReplaceLineEndings(" ")}", cause)
{
    /// <summary>The job whose computation failed to set up.</summary>
    public string JobId { get; } = jobId;
}
