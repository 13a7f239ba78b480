namespace Ttg.Testing;

/// <summary>
/// The signals the tests send, with their Linux numbers. <see cref="System.Runtime.InteropServices.PosixSignal"/>
/// cannot be used: its values are .NET's own, not the kernel's.
/// </summary>
public enum UnixSignal
{
    /// <summary>SIGKILL: dies at once, no clean-up.</summary>
    Kill = 9,

    /// <summary>SIGTERM: asked to stop gracefully.</summary>
    Term = 15,

    /// <summary>SIGCONT: resumes a stopped process.</summary>
    Cont = 18,

    /// <summary>SIGSTOP: frozen, like a paused VM or a long GC, until SIGCONT.</summary>
    Stop = 19,
}
