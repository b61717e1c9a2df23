package dev.tradewind.trainer.volatility;

/** The model layer's exp ({@link StrictMath}), so the trainer's forecasts are the served ones bit for bit. */
final class StrictMathExp {

    private StrictMathExp() {
    }

    static double exp(double x) {
        return StrictMath.exp(x);
    }
}
