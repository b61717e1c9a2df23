package dev.tradewind.behavior.analysis;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.Locale;

/** Numbers in sentences: fixed locale, so the same analysis always reads the same. */
final class Text {

    private Text() {
    }

    static String f(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }

    static String money(BigDecimal amount) {
        return amount.setScale(2, RoundingMode.HALF_EVEN).toPlainString();
    }

    static String money(double amount) {
        return money(BigDecimal.valueOf(amount));
    }

    static String pct(double fraction) {
        return f("%.1f%%", 100 * fraction);
    }

    static String x(double ratio) {
        return f("%.2f×", ratio);
    }

    static String minutes(Duration duration) {
        return duration.toMinutes() + " min";
    }

    static String hours(double seconds) {
        return f("%.1f h", seconds / 3600);
    }

    static String plural(long count, String singular, String plural) {
        return count + " " + (count == 1 ? singular : plural);
    }
}
