using Ttg.Cli;
using Ttg.Computations;

// The stock ttg command: the whole command line with TTG's built-in computations.
return await TtgCommandLine.RunAsync(args, registry => registry.AddBuiltIns());
