namespace OptionPricing;

/// <summary>The closed-form Black-Scholes price of a European call, the sample's per-parameter computation.</summary>
internal static class BlackScholes
{
    public static (double Price, double Delta) Call(double spot, double strike, double rate, double volatility, double years)
    {
        var sqrtT = Math.Sqrt(years);
        var d1 = (Math.Log(spot / strike) + ((rate + (volatility * volatility / 2)) * years)) / (volatility * sqrtT);
        var d2 = d1 - (volatility * sqrtT);
        var price = (spot * NormalCdf(d1)) - (strike * Math.Exp(-rate * years) * NormalCdf(d2));
        return (price, NormalCdf(d1));
    }

    /// <summary>Standard normal CDF through erfc (Abramowitz-Stegun 7.1.26 is accurate to ~1e-7, ample here).</summary>
    private static double NormalCdf(double x) => 0.5 * Erfc(-x / Math.Sqrt(2));

    private static double Erfc(double x)
    {
        var z = Math.Abs(x);
        var t = 1 / (1 + (0.3275911 * z));
        var poly = t * (0.254829592 + (t * (-0.284496736 + (t * (1.421413741 + (t * (-1.453152027 + (t * 1.061405429))))))));
        var erfcAbs = poly * Math.Exp(-z * z);
        return x >= 0 ? erfcAbs : 2 - erfcAbs;
    }
}
