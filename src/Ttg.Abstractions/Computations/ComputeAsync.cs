namespace Ttg;

/// <summary>Computes the result of one parameter. Throwing marks the parameter's chunk as failed (it is retried).</summary>
public delegate ValueTask<Result> ComputeAsync(Parameter parameter, CancellationToken cancellationToken);
