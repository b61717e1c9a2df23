package dev.tradewind.market.store.provider;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tradewind.market.domain.provider.BarPage;
import dev.tradewind.market.domain.provider.Deadline;
import dev.tradewind.market.domain.provider.MarketDataProvider;
import dev.tradewind.market.domain.provider.ProviderException;
import dev.tradewind.market.domain.provider.RawBar;
import dev.tradewind.shared.json.Json;
import dev.tradewind.shared.market.Instrument;
import dev.tradewind.shared.market.Interval;
import dev.tradewind.shared.market.NyseCalendar;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/**
 * Yahoo Finance chart API v8 for US equities, daily bars:
 * {@code GET /v8/finance/chart/{symbol}?interval=1d&period1=…&period2=…}. The answer holds parallel arrays
 * ({@code timestamp}, {@code indicators.quote[0].open/high/low/close/volume}); rows where every price is null are
 * padding, not bars, and are dropped and counted. A window ending before the symbol's first bar is an error to
 * Yahoo ("Data doesn't exist for startDate = …"), and an empty page here. Prices are the quote's split-adjusted
 * values (not the dividend-adjusted {@code adjclose}), which is what the bundled history holds. Bars are keyed by
 * their session open (09:30 New York), whatever time of day Yahoo stamps them with.
 */
public final class YahooProvider implements MarketDataProvider {

    /** How Yahoo answers (400, or 200) a window that ends before the symbol's first bar. */
    private static final String NO_DATA_IN_WINDOW = "Data doesn't exist for startDate";

    private final URI baseUrl;
    private final ProviderHttp http;
    private final RateGate gate;

    public YahooProvider(URI baseUrl, ProviderHttp http, RateGate gate) {
        this.baseUrl = BinanceProvider.withTrailingSlash(baseUrl);
        this.http = http;
        this.gate = gate;
    }

    @Override
    public String name() {
        return "yahoo";
    }

    @Override
    public BarPage fetch(Instrument instrument, Instant from, Instant to, int limit, Instant now, Deadline deadline) {
        if (instrument.interval() != Interval.D1) {
            throw ProviderException.fatal(ProviderException.Reason.UNSUPPORTED, "yahoo provider serves 1d bars only");
        }
        // A page is a time window holding about `limit` sessions (5 per 7 days, plus holidays' slack).
        Instant end = from.plus(Duration.ofDays(Math.max(1, limit) * 7L / 5 + 7));
        if (end.isAfter(to)) {
            end = to;
        }
        URI uri = baseUrl.resolve("v8/finance/chart/" + URLEncoder.encode(instrument.symbol(), StandardCharsets.UTF_8)
                + "?interval=1d&period1=" + from.getEpochSecond() + "&period2=" + end.getEpochSecond()
                + "&events=split&includeAdjustedClose=true");
        Parsed parsed;
        try {
            parsed = http.get(uri, gate, YahooProvider::parseChart, YahooProvider::mapError, deadline, r -> { });
        } catch (ProviderException e) {
            if (e.reason() != ProviderException.Reason.NO_DATA) {
                throw e;
            }
            // A window wholly before the symbol's first bar: nothing there, as for any symbol listed later.
            parsed = new Parsed(List.of(), 0);
        }
        Instant windowStart = from;
        Instant windowEnd = end;
        List<RawBar> bars = parsed.bars().stream()
                .filter(b -> !b.openTime().isBefore(windowStart) && b.openTime().isBefore(windowEnd))
                .toList();
        return new BarPage(bars, end.isBefore(to) ? end : null, parsed.placeholders());
    }

    record Parsed(List<RawBar> bars, int placeholders) {
    }

    static Parsed parseChart(byte[] body) throws IOException {
        JsonNode root = Json.mapper().readTree(body);
        if (root == null || root.isMissingNode()) {
            throw ProviderException.retryable(ProviderException.Reason.EMPTY_RESPONSE, "yahoo answered an empty body");
        }
        JsonNode chart = root.path("chart");
        if (!chart.isObject()) {
            throw ProviderException.retryable(ProviderException.Reason.MALFORMED_RESPONSE, "yahoo answer has no chart");
        }
        JsonNode error = chart.path("error");
        if (!error.isMissingNode() && !error.isNull()) {
            throw chartError(error);
        }
        JsonNode result = chart.path("result").path(0);
        if (!result.isObject()) {
            throw ProviderException.retryable(ProviderException.Reason.MALFORMED_RESPONSE, "yahoo chart has no result");
        }
        JsonNode timestamps = result.path("timestamp");
        if (timestamps.isMissingNode() || timestamps.isNull()) {
            return new Parsed(List.of(), 0);
        }
        JsonNode quote = result.path("indicators").path("quote").path(0);
        JsonNode[] columns = {quote.path("open"), quote.path("high"), quote.path("low"), quote.path("close"),
                quote.path("volume")};
        if (!timestamps.isArray()) {
            throw ProviderException.retryable(ProviderException.Reason.MALFORMED_RESPONSE, "yahoo timestamp is not an array");
        }
        for (JsonNode column : columns) {
            if (!column.isArray() || column.size() != timestamps.size()) {
                throw ProviderException.retryable(ProviderException.Reason.MALFORMED_RESPONSE,
                        "yahoo quote arrays do not match the timestamps");
            }
        }
        ZoneId zone = zone(result.path("meta").path("exchangeTimezoneName").asText(null));
        List<RawBar> bars = new ArrayList<>(timestamps.size());
        int placeholders = 0;
        for (int i = 0; i < timestamps.size(); i++) {
            if (!timestamps.get(i).isIntegralNumber()) {
                throw ProviderException.retryable(ProviderException.Reason.MALFORMED_RESPONSE, "yahoo timestamp is not a number");
            }
            BigDecimal[] v = new BigDecimal[5];
            boolean allPricesNull = true;
            for (int k = 0; k < 5; k++) {
                JsonNode cell = columns[k].get(i);
                v[k] = cell == null || cell.isNull() ? null : cell.isNumber() ? cell.decimalValue() : RawBar.decimal(cell.asText());
                if (k < 4 && cell != null && !cell.isNull()) {
                    allPricesNull = false;
                }
            }
            if (allPricesNull) {
                placeholders++;
                continue;
            }
            Instant stamped = Instant.ofEpochSecond(timestamps.get(i).asLong());
            Instant open = NyseCalendar.sessionOpen(stamped.atZone(zone).toLocalDate());
            bars.add(new RawBar(open, v[0], v[1], v[2], v[3], v[4]));
        }
        return new Parsed(bars, placeholders);
    }

    private static ZoneId zone(String name) {
        if (name == null || name.isBlank()) {
            return NyseCalendar.NEW_YORK;
        }
        try {
            return ZoneId.of(name);
        } catch (DateTimeException e) {
            return NyseCalendar.NEW_YORK;
        }
    }

    private static ProviderException chartError(JsonNode error) {
        String code = error.path("code").asText("");
        String description = ProviderHttp.firstLine(error.path("description").asText(""));
        if (code.equalsIgnoreCase("Bad Request") && description.startsWith(NO_DATA_IN_WINDOW)) {
            return ProviderException.fatal(ProviderException.Reason.NO_DATA, "yahoo: " + description);
        }
        if (code.equalsIgnoreCase("Not Found")) {
            return ProviderException.fatal(ProviderException.Reason.UNKNOWN_SYMBOL, "yahoo: " + description);
        }
        return ProviderException.fatal(ProviderException.Reason.CLIENT_ERROR, "yahoo: " + code + " " + description);
    }

    private static ProviderException mapError(int status, byte[] body) {
        try {
            JsonNode error = Json.mapper().readTree(body).path("chart").path("error");
            if (error.isObject()) {
                return chartError(error);
            }
        } catch (IOException | RuntimeException ignored) {
            // Not the chart error shape: the status says enough.
        }
        return ProviderException.fatal(status == 404 ? ProviderException.Reason.UNKNOWN_SYMBOL
                : ProviderException.Reason.CLIENT_ERROR, "yahoo answered " + status);
    }
}
