using System.Collections.Concurrent;
using Ttg.Workers;

namespace Ttg.Programs;

/// <summary>
/// The <c>serve</c> computation: a pool of <see cref="ServeSlot"/>s, one per chunk computing at once, so each of a
/// worker's compute slots has its program and pays its start-up once. The chunk executor's scope lends a slot to a
/// chunk for its duration; the chunk's parameters are then pipelined to that slot's program.
/// </summary>
internal sealed class ServeComputation
{
    /// <summary>The argument under which <see cref="Jobs.JobPlan"/> passes a serve job's time limit in seconds.</summary>
    internal const string TimeLimitArgument = "serve-timeout";

    private readonly ConcurrentBag<ServeSlot> _idle = [];
    private readonly string _line;
    private readonly TimeSpan? _timeLimit;
    private readonly ServeSlot _unscoped;

    private ServeComputation(string line, TimeSpan? timeLimit)
    {
        _line = line;
        _timeLimit = timeLimit;
        _unscoped = new ServeSlot(line, timeLimit);
    }

    /// <summary>Builds the computation from the job's <c>serve</c> argument; no program starts until a parameter needs it.</summary>
    /// <exception cref="ArgumentException">No program line.</exception>
    public static ComputeAsync Create(ComputationContext context)
    {
        var line = context.Arguments.Get(ProgramComputations.ServeName);
        if (string.IsNullOrWhiteSpace(line))
        {
            throw new ArgumentException("The serve computation needs a program in its 'serve' argument (the spec's serve field, such as 'python3 model.py')");
        }

        var seconds = context.Arguments.GetDouble(TimeLimitArgument, 0);
        return new ServeComputation(line, seconds > 0 ? TimeSpan.FromSeconds(seconds) : null).ComputeAsync;
    }

    private ValueTask<Result> ComputeAsync(Parameter parameter, CancellationToken cancellationToken)
    {
        var slot = ChunkScope.Current?.GetOrAdd(this, Rent, Return) ?? _unscoped;
        return slot.ComputeAsync(parameter, cancellationToken);
    }

    private ServeSlot Rent() => _idle.TryTake(out var slot) ? slot : new ServeSlot(_line, _timeLimit);

    private void Return(ServeSlot slot) => _idle.Add(slot);
}
