using OptionPricing;
using Ttg;
using Ttg.Cli;

// Prices a European call for every (strike, volatility) pair of a grid:
//   option-pricing run black-scholes --grid "strike=80:120:41,vol=0.1:0.5:41" --out prices.csv
return await TtgCommandLine.RunAsync(args, computations => computations.Add(
    "black-scholes",
    p =>
    {
        var (price, delta) = BlackScholes.Call(spot: 100, p.GetDouble("strike"), rate: 0.02, p.GetDouble("vol"), years: 1);
        return Result.Record(("price", price), ("delta", delta));
    },
    "European call price and delta over strike and vol (spot 100, rate 2%, 1 year)"));
