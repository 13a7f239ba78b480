namespace Ttg.Computations;

/// <summary><c>rosenbrock</c>: the classic optimisation test function, minimum 0 at x = a, y = a².</summary>
internal static class RosenbrockComputation
{
    public static ComputeAsync Create(ComputationContext context)
    {
        var x = IndexOf(context.ParameterNames, "x");
        var y = IndexOf(context.ParameterNames, "y");
        if (x < 0 || y < 0)
        {
            var got = context.ParameterNames.Count == 0 ? "none: the space is a plain range" : string.Join(", ", context.ParameterNames);
            throw new ArgumentException($"rosenbrock needs parameters named x and y (got {got}); give the job grid axes x and y, such as x=-2:2:401,y=-1:3:401.");
        }

        var a = context.Arguments.GetDouble("a", 1);
        var b = context.Arguments.GetDouble("b", 100);
        return (parameter, _) => ValueTask.FromResult<Result>(Evaluate(parameter[x].AsDouble(), parameter[y].AsDouble(), a, b));
    }

    internal static double Evaluate(double x, double y, double a = 1, double b = 100)
    {
        var dx = a - x;
        var dy = y - (x * x);
        return (dx * dx) + (b * dy * dy);
    }

    private static int IndexOf(IReadOnlyList<string> names, string name)
    {
        for (var i = 0; i < names.Count; i++)
        {
            if (names[i] == name)
            {
                return i;
            }
        }

        return -1;
    }
}
