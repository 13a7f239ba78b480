namespace Ttg.WorkQueue;

/// <summary>Where a job is in its life.</summary>
public enum JobState
{
    /// <summary>Chunks remain pending or leased.</summary>
    Running = 0,
    /// <summary>Every parameter has a result or a recorded failure.</summary>
    Completed = 1,
    /// <summary>Cancelled by a user: nothing more is leased; stored results are kept.</summary>
    Cancelled = 2,
    /// <summary>
    /// Paused by a user: nothing new is leased, chunks already leased are computed and recorded, and workers stay
    /// for the resume; a job whose last chunk is recorded while paused completes.
    /// </summary>
    Paused = 3,
}
