namespace Ttg.Computations;

/// <summary>
/// The computations every TTG process knows, used for demos, load tests and fault drills. All are deterministic
/// and honour the <c>fail-on</c> argument (a comma list of indices that always throw).
/// </summary>
public static class BuiltInComputations
{
    /// <summary>The argument listing indices that always fail: <c>fail-on=17,4242</c>.</summary>
    public const string FailOnArgument = "fail-on";

    /// <summary>
    /// The argument naming a file while whose existence the <c>fail-on</c> indices fail, as a bug fixed later would:
    /// <c>fail-while-exists=/tmp/bug</c>. Delete the file, then <c>ttg retry JOB</c> recomputes them. Default: none,
    /// they always fail.
    /// </summary>
    public const string FailWhileExistsArgument = "fail-while-exists";

    /// <summary>The argument listing indices that wait until cancelled, as a stuck network call would: <c>hang-on=17</c>.</summary>
    public const string HangOnArgument = "hang-on";

    /// <summary>The argument listing indices that spin for ever and ignore cancellation, as a runaway loop would: <c>stuck-on=17</c>.</summary>
    public const string StuckOnArgument = "stuck-on";

    /// <summary>
    /// The argument naming an environment variable that makes set-up fail on a worker where it is set, as a model file
    /// missing on one node would: <c>setup-fails-if-env=TTG_TEST_BAD_NODE</c>.
    /// </summary>
    public const string SetupFailsIfEnvArgument = "setup-fails-if-env";

    /// <summary>The argument giving milliseconds of work per parameter for <c>simulate</c> and <c>spin</c> (default 1).</summary>
    public const string WorkMsArgument = "work-ms";

    /// <summary>
    /// Registers <c>simulate</c> (waits <c>work-ms</c> per parameter, returns index * 0.5 + 1), <c>spin</c> (burns
    /// CPU for <c>work-ms</c>, returns sqrt(index)), <c>square</c> (index², exact while index ≤ 94,906,265, i.e.
    /// while the square fits a double's 53-bit mantissa) and <c>rosenbrock</c> ((a-x)² + b(y-x²)² on parameters
    /// <c>x</c>, <c>y</c>; arguments <c>a</c> = 1, <c>b</c> = 100), with their flags <c>--work-ms</c> (or
    /// SIMULATE_WORK_MS) and <c>--fail-on</c>.
    /// </summary>
    public static ComputationRegistry AddBuiltIns(this ComputationRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        return registry
            .AddConfigured("simulate", WithFaults(SimulateComputation.Create), "Waits work-ms per parameter (default 1), returns index * 0.5 + 1.")
            .AddConfigured("spin", WithFaults(SpinComputation.Create), "Burns CPU for work-ms per parameter (default 1), returns sqrt(index).")
            .AddConfigured("square", WithFaults(_ => Square), "Returns index * index (exact up to index 94,906,265).")
            .AddConfigured("rosenbrock", WithFaults(RosenbrockComputation.Create), "(a-x)^2 + b(y-x^2)^2 on grid axes x and y; a=1, b=100; minimum 0 at x=1, y=1.")
            .AddFlag(new ComputationFlag("--work-ms", WorkMsArgument, "Work per parameter of simulate/spin in ms (or SIMULATE_WORK_MS; default 1)")
            {
                HelpName = "MS",
                IsNumber = true,
                EnvironmentVariable = "SIMULATE_WORK_MS",
            })
            .AddFlag(new ComputationFlag("--fail-on", FailOnArgument, "Parameter indices of the built-in computations that throw, e.g. 17,4242 (to see poison isolation)") { HelpName = "LIST" });
    }

    /// <summary>
    /// Wraps a computation with the faults a job's arguments ask for, to exercise failure handling: indices in
    /// <c>fail-on</c> throw <see cref="InvalidOperationException"/> ("poisoned parameter N (fail-on)"), only while the
    /// file named by <c>fail-while-exists</c> exists when that is given; indices in
    /// <c>hang-on</c> wait until their token is cancelled (a job's <c>--timeout</c> does that); indices in
    /// <c>stuck-on</c> burn CPU for ever, ignoring cancellation (the time-limit watchdog's case). Set-up throws
    /// <see cref="FileNotFoundException"/> where the variable named by <c>setup-fails-if-env</c> is set.
    /// </summary>
    public static Func<ComputationContext, ComputeAsync> WithFaults(Func<ComputationContext, ComputeAsync> create)
    {
        ArgumentNullException.ThrowIfNull(create);
        return context =>
        {
            if (context.Arguments.Get(SetupFailsIfEnvArgument) is { } variable && !string.IsNullOrEmpty(Environment.GetEnvironmentVariable(variable)))
            {
                throw new FileNotFoundException($"model.bin not found on this machine ({variable} is set, so {SetupFailsIfEnvArgument} makes set-up fail here)", "model.bin");
            }

            var poisoned = context.Arguments.GetInt64Set(FailOnArgument);
            var failWhile = context.Arguments.Get(FailWhileExistsArgument);
            var hanging = context.Arguments.GetInt64Set(HangOnArgument);
            var stuck = context.Arguments.GetInt64Set(StuckOnArgument);
            var compute = create(context);
            if (poisoned.Count == 0 && hanging.Count == 0 && stuck.Count == 0)
            {
                return compute;
            }

            return async (parameter, cancellationToken) =>
            {
                if (poisoned.Contains(parameter.Index) && (failWhile is null || File.Exists(failWhile)))
                {
                    throw new InvalidOperationException(failWhile is null
                        ? $"poisoned parameter {parameter.Index} (fail-on)"
                        : $"poisoned parameter {parameter.Index} (fail-on, while {failWhile} exists)");
                }

                if (hanging.Contains(parameter.Index))
                {
                    await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
                }

                if (stuck.Contains(parameter.Index))
                {
                    SpinForEver();
                }

                return await compute(parameter, cancellationToken).ConfigureAwait(false);
            };
        };
    }

    private static void SpinForEver()
    {
        while (true)
        {
            Thread.SpinWait(1_000);
        }
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
