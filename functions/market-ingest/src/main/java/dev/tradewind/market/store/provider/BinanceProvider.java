package dev.tradewind.market.store.provider;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tradewind.market.domain.provider.BarPage;
import dev.tradewind.market.domain.provider.Deadline;
import dev.tradewind.market.domain.provider.MarketDataProvider;
import dev.tradewind.market.domain.provider.ProviderException;
import dev.tradewind.market.domain.provider.RawBar;
import dev.tradewind.shared.json.Json;
import dev.tradewind.shared.market.AssetClass;
import dev.tradewind.shared.market.Instrument;
import dev.tradewind.shared.market.Interval;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Binance spot public REST: {@code GET /api/v3/klines} (at most 1000 bars a request, paged by {@code startTime}) and
 * {@code GET /api/v3/exchangeInfo}. Keeps to the venue's request-weight budget: every answer's
 * {@code X-MBX-USED-WEIGHT-1M} is read, and once it reaches 90 % of the limit all requests wait for the next minute.
 */
public final class BinanceProvider implements MarketDataProvider {

    public static final int MAX_LIMIT = 1000;
    private static final double WEIGHT_HEADROOM = 0.9;

    private final URI baseUrl;
    private final ProviderHttp http;
    private final RateGate gate;
    private volatile int weightLimit;

    public BinanceProvider(URI baseUrl, ProviderHttp http, RateGate gate, int weightLimit) {
        this.baseUrl = withTrailingSlash(baseUrl);
        this.http = http;
        this.gate = gate;
        this.weightLimit = weightLimit;
    }

    @Override
    public String name() {
        return "binance";
    }

    @Override
    public BarPage fetch(Instrument instrument, Instant from, Instant to, int limit, Instant now, Deadline deadline) {
        int size = Math.max(1, Math.min(limit, MAX_LIMIT));
        URI uri = baseUrl.resolve("api/v3/klines?symbol=" + encode(instrument.symbol())
                + "&interval=" + instrument.interval().code()
                + "&startTime=" + from.toEpochMilli()
                + "&endTime=" + (to.toEpochMilli() - 1)
                + "&limit=" + size);
        List<RawBar> bars = http.get(uri, gate, BinanceProvider::parseKlines, this::mapError, deadline, this::observe);
        Instant next = null;
        if (bars.size() >= size) {
            Instant after = bars.getLast().openTime().plusMillis(1);
            next = after.isBefore(to) ? after : null;
        }
        return BarPage.of(bars, next);
    }

    @Override
    public List<Instrument> listInstruments(AssetClass assetClass, Interval interval, String quoteAsset, Deadline deadline) {
        if (assetClass != AssetClass.CRYPTO) {
            return List.of();
        }
        URI uri = baseUrl.resolve("api/v3/exchangeInfo?permissions=SPOT");
        return http.get(uri, gate, body -> parseExchangeInfo(body, interval, quoteAsset), this::mapError, deadline,
                this::observe);
    }

    static List<RawBar> parseKlines(byte[] body) throws IOException {
        JsonNode root = Json.mapper().readTree(body);
        if (root == null || root.isMissingNode()) {
            throw ProviderException.retryable(ProviderException.Reason.EMPTY_RESPONSE, "binance answered an empty body");
        }
        if (!root.isArray()) {
            throw ProviderException.retryable(ProviderException.Reason.MALFORMED_RESPONSE,
                    "binance klines answer is not an array");
        }
        List<RawBar> bars = new ArrayList<>(root.size());
        for (JsonNode row : root) {
            if (!row.isArray() || row.size() < 6 || !row.get(0).canConvertToLong() || !row.get(0).isIntegralNumber()) {
                throw ProviderException.retryable(ProviderException.Reason.MALFORMED_RESPONSE,
                        "binance kline is not [openTime, open, high, low, close, volume, ...]");
            }
            bars.add(new RawBar(Instant.ofEpochMilli(row.get(0).asLong()), decimal(row.get(1)), decimal(row.get(2)),
                    decimal(row.get(3)), decimal(row.get(4)), decimal(row.get(5))));
        }
        return bars;
    }

    private List<Instrument> parseExchangeInfo(byte[] body, Interval interval, String quoteAsset) throws IOException {
        JsonNode root = Json.mapper().readTree(body);
        if (root == null || !root.isObject() || !root.path("symbols").isArray()) {
            throw ProviderException.retryable(ProviderException.Reason.MALFORMED_RESPONSE,
                    "binance exchangeInfo has no symbols array");
        }
        for (JsonNode limit : root.path("rateLimits")) {
            if ("REQUEST_WEIGHT".equals(limit.path("rateLimitType").asText()) && "MINUTE".equals(limit.path("interval").asText())
                    && limit.path("intervalNum").asInt() == 1 && limit.path("limit").asInt() > 0) {
                weightLimit = limit.path("limit").asInt();
            }
        }
        List<Instrument> instruments = new ArrayList<>();
        for (JsonNode symbol : root.path("symbols")) {
            String quote = symbol.path("quoteAsset").asText();
            if (!"TRADING".equals(symbol.path("status").asText())
                    || (quoteAsset != null && !quoteAsset.equalsIgnoreCase(quote))
                    || !symbol.path("isSpotTradingAllowed").asBoolean(true)) {
                continue;
            }
            String base = symbol.path("baseAsset").asText();
            instruments.add(new Instrument(symbol.path("symbol").asText(), base, AssetClass.CRYPTO, "BINANCE", quote,
                    interval));
        }
        return instruments;
    }

    private static BigDecimal decimal(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        return node.isNumber() ? node.decimalValue() : RawBar.decimal(node.asText());
    }

    /** Binance errors are {@code {"code": -1121, "msg": "Invalid symbol."}}. */
    private ProviderException mapError(int status, byte[] body) {
        int code = 0;
        String message = "";
        try {
            JsonNode error = Json.mapper().readTree(body);
            code = error.path("code").asInt();
            message = error.path("msg").asText();
        } catch (IOException | RuntimeException ignored) {
            // Not JSON: the status says enough.
        }
        if (code == -1121) {
            return ProviderException.fatal(ProviderException.Reason.UNKNOWN_SYMBOL, "binance: invalid symbol");
        }
        return ProviderException.fatal(ProviderException.Reason.CLIENT_ERROR,
                "binance answered " + status + (code != 0 ? " code " + code + " " + ProviderHttp.firstLine(message) : ""));
    }

    /** Reads the used weight; near the limit, holds every request until the venue's next minute. */
    private void observe(HttpResponse<byte[]> response) {
        Optional<Integer> used = response.headers().firstValue("x-mbx-used-weight-1m").flatMap(BinanceProvider::integer);
        if (used.isPresent() && used.get() >= weightLimit * WEIGHT_HEADROOM) {
            gate.pauseFor(untilNextMinute(response));
        }
    }

    private static Duration untilNextMinute(HttpResponse<byte[]> response) {
        int second = response.headers().firstValue("date").flatMap(date -> {
            try {
                return Optional.of(ZonedDateTime.parse(date, DateTimeFormatter.RFC_1123_DATE_TIME).getSecond());
            } catch (DateTimeParseException e) {
                return Optional.empty();
            }
        }).orElse(0);
        return Duration.ofSeconds(60 - second + 1);
    }

    private static Optional<Integer> integer(String text) {
        try {
            return Optional.of(Integer.parseInt(text.trim()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    static URI withTrailingSlash(URI uri) {
        String text = uri.toString();
        return text.endsWith("/") ? uri : URI.create(text + "/");
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
