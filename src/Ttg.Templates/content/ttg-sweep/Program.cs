using Ttg;
using Ttg.Cli;

// One computation, "model", over two axes x and y; every ttg verb comes with it:
//   dotnet run -- run model --grid "x=0:1:101,y=0:1:101" --out results.csv      (on this machine, SQLite)
//   dotnet run -- submit model --grid "x=0:1:1001,y=0:1:1001" --redis redis://host:6379
//   dotnet run -- worker --redis redis://host:6379                              (on every machine)
// Replace Model.Evaluate with your own code; a thrown exception fails that parameter only.
return await TtgCommandLine.RunAsync(args, computations => computations.Add(
    "model",
    p => Model.Evaluate(p.GetDouble("x"), p.GetDouble("y")),
    "Rosenbrock's function of x and y (smallest at x = 1, y = 1)"));

internal static class Model
{
    public static double Evaluate(double x, double y) => Math.Pow(1 - x, 2) + 100 * Math.Pow(y - (x * x), 2);
}
