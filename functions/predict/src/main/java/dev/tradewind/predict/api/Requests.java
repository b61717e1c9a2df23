package dev.tradewind.predict.api;

import dev.tradewind.shared.http.ApiRequest;
import dev.tradewind.shared.market.AssetClass;
import dev.tradewind.shared.market.Interval;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What the predict routes read from a request: the symbol in the path and the query parameters, checked. */
public final class Requests {

    private static final Pattern WINDOW = Pattern.compile("(\\d{1,4})([hd])");
    private static final int MAX_WINDOW_DAYS = 365;
    public static final String DEFAULT_WINDOW = "30d";
    public static final int DEFAULT_SIGNALS = 20;
    public static final int MAX_SIGNALS = 100;

    private Requests() {
    }

    public static String symbol(ApiRequest request) {
        return request.pathSymbol("symbol");
    }

    public static Optional<Interval> interval(ApiRequest request) {
        Optional<String> raw = request.query("interval");
        if (raw.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(Interval.parse(raw.get()).orElseThrow(() ->
                ApiRequest.invalidQuery("interval", "must be one of 1h, 1d")));
    }

    public static Optional<AssetClass> assetClass(ApiRequest request) {
        Optional<String> raw = request.query("class");
        if (raw.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(AssetClass.parse(raw.get()).orElseThrow(() ->
                ApiRequest.invalidQuery("class", "must be one of crypto, stock")));
    }

    /** {@code <n>h} or {@code <n>d}, from one hour to {@value #MAX_WINDOW_DAYS} days. */
    public static Duration window(String span) {
        Matcher matcher = WINDOW.matcher(span);
        if (matcher.matches()) {
            int amount = Integer.parseInt(matcher.group(1));
            Duration window = matcher.group(2).equals("h") ? Duration.ofHours(amount) : Duration.ofDays(amount);
            if (amount > 0 && window.compareTo(Duration.ofDays(MAX_WINDOW_DAYS)) <= 0) {
                return window;
            }
        }
        throw ApiRequest.invalidQuery("window", "must be hours or days such as 72h or 30d, at most "
                + MAX_WINDOW_DAYS + "d");
    }
}
