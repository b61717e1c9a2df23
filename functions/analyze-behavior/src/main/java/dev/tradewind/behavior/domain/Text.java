package dev.tradewind.behavior.domain;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.Locale;

/** Numbers in sentences: fixed locale, so the same analysis always reads the same. */
public final class Text {

    private Text() {
    }

    public static String f(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }

    public static String money(BigDecimal amount) {
        return amount.setScale(2, RoundingMode.HALF_EVEN).toPlainString();
    }

    public static String money(double amount) {
        return money(BigDecimal.valueOf(amount));
    }

    public static String pct(double fraction) {
        return f("%.1f%%", 100 * fraction);
    }

    /** A statistic to {@code places} decimals; a certain difference (no spread at all), ±∞, is written ∞ or −∞. */
    public static String stat(double value, int places) {
        return Double.isInfinite(value) ? (value > 0 ? "∞" : "−∞") : f("%." + places + "f", value);
    }

    public static String x(double ratio) {
        return f("%.2f×", ratio);
    }

    public static String minutes(Duration duration) {
        return duration.toMinutes() + " min";
    }

    public static String hours(double seconds) {
        return f("%.1f h", seconds / 3600);
    }

    public static String plural(long count, String singular, String plural) {
        return count + " " + (count == 1 ? singular : plural);
    }
}
