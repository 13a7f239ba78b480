namespace Ttg.Computations;

/// <summary>
/// The computations every TTG process knows, used for demos, load tests and fault drills. All are deterministic
/// and honour the <c>fail-on</c> argument (a comma list of indices that always throw).
/// </summary>
public static class BuiltInComputations
{
    /// <summary>The argument listing indices that always fail: <c>fail-on=17,4242</c>.</summary>
    public const string FailOnArgument = "fail-on";

    /// <summary>The argument giving milliseconds of work per parameter for <c>simulate</c> and <c>spin</c> (default 1).</summary>
    public const string WorkMsArgument = "work-ms";

    /// <summary>
    /// Registers <c>simulate</c> (waits <c>work-ms</c> per parameter, returns index * 0.5 + 1), <c>spin</c> (burns
    /// CPU for <c>work-ms</c>, returns sqrt(index)), <c>square</c> (index², exact while index ≤ 94,906,265, i.e.
    /// while the square fits a double's 53-bit mantissa) and <c>rosenbrock</c> ((a-x)² + b(y-x²)² on parameters
    /// <c>x</c>, <c>y</c>; arguments <c>a</c> = 1, <c>b</c> = 100).
    /// </summary>
    public static ComputationRegistry AddBuiltIns(this ComputationRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        return registry
            .AddConfigured("simulate", WithFailOn(SimulateComputation.Create), "Waits work-ms per parameter (default 1), returns index * 0.5 + 1.")
            .AddConfigured("spin", WithFailOn(SpinComputation.Create), "Burns CPU for work-ms per parameter (default 1), returns sqrt(index).")
            .AddConfigured("square", WithFailOn(_ => Square), "Returns index * index (exact up to index 94,906,265).")
            .AddConfigured("rosenbrock", WithFailOn(RosenbrockComputation.Create), "(a-x)^2 + b(y-x^2)^2 on grid axes x and y; a=1, b=100; minimum 0 at x=1, y=1.");
    }

    /// <summary>
    /// Wraps a computation so the indices listed in the job's <c>fail-on</c> argument always throw
    /// <see cref="InvalidOperationException"/> ("poisoned parameter N (fail-on)"), to exercise retries and poison isolation.
    /// </summary>
    public static Func<ComputationContext, ComputeAsync> WithFailOn(Func<ComputationContext, ComputeAsync> create)
    {
        ArgumentNullException.ThrowIfNull(create);
        return context =>
        {
            var poisoned = context.Arguments.GetInt64Set(FailOnArgument);
            var compute = create(context);
            if (poisoned.Count == 0)
            {
                return compute;
            }

            return (parameter, cancellationToken) => poisoned.Contains(parameter.Index)
                ? throw new InvalidOperationException($"poisoned parameter {parameter.Index} (fail-on)")
                : compute(parameter, cancellationToken);
        };
    }

    /// <summary>Reads <c>work-ms</c>: a non-negative number of milliseconds, default 1.</summary>
    internal static double ReadWorkMs(JobArguments arguments)
    {
        var workMs = arguments.GetDouble(WorkMsArgument, 1);
        return workMs >= 0 && double.IsFinite(workMs)
            ? workMs
            : throw new ArgumentException($"Argument '{WorkMsArgument}' is {workMs}; pass a number of milliseconds of at least 0, such as {WorkMsArgument}=5.");
    }

    private static ValueTask<Result> Square(Parameter parameter, CancellationToken cancellationToken) =>
        ValueTask.FromResult<Result>((double)parameter.Index * parameter.Index);
}
