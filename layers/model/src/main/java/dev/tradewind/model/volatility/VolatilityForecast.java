package dev.tradewind.model.volatility;

/**
 * One volatility forecast, as of the close of the last candle given.
 *
 * @param variance            forecast realised variance of log returns over the next {@code horizonBars} bars
 * @param horizonBars         H
 * @param horizonVolatility   √variance: the volatility over the horizon, as a fraction (0.05 = 5%)
 * @param annualized          √(variance · barsPerYear / H)
 * @param rangeHorizonBars    h, the horizon of the price ranges
 * @param rangeVolatility     σ_h = √(variance · h / H), the scale of the standardised residuals of the ranges
 */
public record VolatilityForecast(double variance, int horizonBars, double horizonVolatility, double annualized,
                                 int rangeHorizonBars, double rangeVolatility) {
}
