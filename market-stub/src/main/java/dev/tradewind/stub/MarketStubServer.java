package dev.tradewind.stub;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.tradewind.shared.market.AssetClass;
import dev.tradewind.shared.market.BundledHistory;
import dev.tradewind.shared.market.Candle;
import dev.tradewind.shared.market.Instrument;
import dev.tradewind.shared.market.NyseCalendar;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A local stand-in for the two market-data venues Tradewind ingests from, serving the bundled real history in their
 * real response shapes:
 * <ul>
 *   <li>Binance spot REST: {@code GET /api/v3/klines} (arrays of
 *       {@code [openTime, "open", "high", "low", "close", "volume", closeTime, "quoteVolume", trades, "takerBase",
 *       "takerQuote", "0"]}, {@code startTime}/{@code endTime}/{@code limit <= 1000}, the bar in progress included)
 *       and {@code GET /api/v3/exchangeInfo}, with the {@code X-MBX-USED-WEIGHT-1M} header;</li>
 *   <li>Yahoo Finance chart v8: {@code GET /v8/finance/chart/{symbol}?interval=1d&period1=&period2=} (parallel
 *       timestamp/quote arrays, split-adjusted prices as bundled).</li>
 * </ul>
 * "Now" is the stub's own clock (settable), so it plays any moment of the bundled history. Faults are injected per
 * endpoint and symbol ({@link FaultPlan}); admin routes under {@code /_stub/} set them over HTTP. See docs/market-data.md.
 */
public final class MarketStubServer implements AutoCloseable {

    public static final Instant DEFAULT_NOW = Instant.parse("2022-01-03T00:00:00Z");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN).build();
    private static final int KLINES_WEIGHT = 2;
    private static final int EXCHANGE_INFO_WEIGHT = 20;

    private final HttpServer server;
    private final ExecutorService executor;
    private final StubMarket market;
    private final FaultPlan faults = new FaultPlan();
    private final Map<String, AtomicInteger> requests = new ConcurrentHashMap<>();
    private final AtomicInteger usedWeight = new AtomicInteger();
    private final AtomicLong weightMinute = new AtomicLong();
    private volatile Instant now = DEFAULT_NOW;

    private MarketStubServer(HttpServer server, ExecutorService executor, StubMarket market) {
        this.server = server;
        this.executor = executor;
        this.market = market;
    }

    /** Starts the stub on 127.0.0.1; port 0 picks a free one. */
    public static MarketStubServer start(Path bundledHistory, int port) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 256);
            ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
            MarketStubServer stub = new MarketStubServer(server, executor, new StubMarket(BundledHistory.load(bundledHistory)));
            server.createContext("/", stub::handle);
            server.setExecutor(executor);
            server.start();
            return stub;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on 127.0.0.1:" + port, e);
        }
    }

    public static void main(String[] args) {
        int status = run(args, System.out, System.err);
        if (status != 0) {
            System.exit(status);
        }
    }

    /** Parses the options and starts the stub (it serves until the JVM stops); returns the exit status. */
    static int run(String[] args, PrintStream out, PrintStream err) {
        int port = 3900;
        Path data = Path.of("data", "market");
        Instant start = DEFAULT_NOW;
        int synthetic = 0;
        try {
            for (int i = 0; i < args.length; i++) {
                String value = i + 1 < args.length ? args[i + 1] : null;
                switch (args[i]) {
                    case "--port" -> port = wholeNumber(args[i], required(args[i], value), 65535);
                    case "--data-dir" -> data = Path.of(required(args[i], value));
                    case "--now" -> start = instant(args[i], required(args[i], value));
                    case "--synthetic" -> synthetic = wholeNumber(args[i], required(args[i], value), Integer.MAX_VALUE);
                    case "-h", "--help" -> {
                        out.println(USAGE);
                        return 0;
                    }
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
                i++;
            }
            if (!Files.isRegularFile(data.resolve("instruments.csv"))) {
                throw new IllegalArgumentException(data + " holds no instruments.csv (run from the repository root or pass --data-dir)");
            }
        } catch (IllegalArgumentException e) {
            err.println("market-stub: " + e.getMessage() + "\n" + USAGE);
            return 2;
        }
        MarketStubServer stub;
        try {
            stub = start(data, port);
        } catch (UncheckedIOException e) {
            err.println("market-stub: " + (e.getCause() instanceof BindException
                    ? "port " + port + " on 127.0.0.1 is already in use; stop what is using it or pass --port N"
                    : e.getMessage() + ": " + e.getCause().getMessage()));
            return 1;
        }
        stub.now(start);
        if (synthetic > 0) {
            stub.addSynthetic(synthetic);
        }
        out.println("Tradewind market stub listening on " + stub.baseUri() + " (now " + start + ")");
        out.println("  Binance  " + stub.baseUri() + "api/v3/klines?symbol=BTCUSDT&interval=1h&limit=3");
        out.println("  Yahoo    " + stub.baseUri()
                + "v8/finance/chart/AAPL?interval=1d&period1=1640995200&period2=1641254400");
        out.println("  admin    POST /_stub/faults, DELETE /_stub/faults, GET|POST /_stub/clock?now=,"
                + " GET /_stub/requests");
        Runtime.getRuntime().addShutdownHook(new Thread(stub::close));
        return 0;
    }

    private static final String USAGE = """
            Usage: ./tradewind stub-market [--port 3900] [--now 2022-01-03T00:00:00Z] [--synthetic N] [--data-dir data/market]
            Point the ingest function at it with BINANCE_BASE_URL / YAHOO_BASE_URL = http://127.0.0.1:3900.""";

    private static int wholeNumber(String option, String text, int max) {
        try {
            int value = Integer.parseInt(text);
            if (value >= 0 && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below, with the option's name and range
        }
        throw new IllegalArgumentException(option + " must be a whole number from 0"
                + (max == Integer.MAX_VALUE ? "" : " to " + max) + ", was '" + text + "'");
    }

    private static Instant instant(String option, String text) {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(option + " must be an ISO-8601 instant such as 2022-01-03T00:00:00Z,"
                    + " was '" + text + "'");
        }
    }

    private static String required(String option, String value) {
        if (value == null) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return value;
    }

    public URI baseUri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public FaultPlan faults() {
        return faults;
    }

    public Instant now() {
        return now;
    }

    public MarketStubServer now(Instant instant) {
        this.now = instant;
        return this;
    }

    /** Adds synthetic hourly USDT pairs; returns their symbols. */
    public List<String> addSynthetic(int count) {
        return market.addSynthetic(count);
    }

    /** Requests seen per {@code endpoint:symbol} (e.g. {@code klines:BTCUSDT}), counting fault answers too. */
    public int requests(Fault.Endpoint endpoint, String symbol) {
        AtomicInteger count = requests.get(key(endpoint, symbol));
        return count == null ? 0 : count.get();
    }

    public int totalRequests() {
        return requests.values().stream().mapToInt(AtomicInteger::get).sum();
    }

    public void resetCounters() {
        requests.clear();
    }

    /** The bars the stub would serve for {@code symbol} (all that opened by now, from {@code from}), oldest first. */
    public List<Candle> bars(String symbol, Instant from, Instant to) {
        return market.bars(symbol, from, to, Integer.MAX_VALUE, now);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private static String key(Fault.Endpoint endpoint, String symbol) {
        return endpoint.name().toLowerCase() + ":" + symbol;
    }

    private void handle(HttpExchange exchange) {
        try {
            String path = exchange.getRequestURI().getPath();
            Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
            if (path.startsWith("/_stub/")) {
                admin(exchange, path, query);
            } else if (path.equals("/api/v3/klines") && isGet(exchange)) {
                klines(exchange, query);
            } else if (path.equals("/api/v3/exchangeInfo") && isGet(exchange)) {
                exchangeInfo(exchange);
            } else if (path.startsWith("/v8/finance/chart/") && isGet(exchange)) {
                chart(exchange, URLDecoder.decode(path.substring("/v8/finance/chart/".length()), StandardCharsets.UTF_8), query);
            } else {
                send(exchange, 404, json(Map.of("code", -1, "msg", "no such endpoint")), Map.of(), null);
            }
        } catch (DropConnection e) {
            // Propagates to the JDK server, which closes the socket: the client sees a body shorter than promised.
            throw e;
        } catch (IOException e) {
            // The client went away.
        } catch (RuntimeException e) {
            try {
                send(exchange, 500, json(Map.of("code", -1001, "msg", "stub failure: " + e)), Map.of(), null);
            } catch (IOException ignored) {
                // Nothing more to do for this exchange.
            }
        } finally {
            exchange.close();
        }
    }

    private static boolean isGet(HttpExchange exchange) {
        return exchange.getRequestMethod().equals("GET");
    }

    private void klines(HttpExchange exchange, Map<String, String> query) throws IOException {
        String symbol = query.get("symbol");
        count(Fault.Endpoint.KLINES, symbol);
        int weight = addWeight(KLINES_WEIGHT);
        Optional<Fault> fault = faults.take(Fault.Endpoint.KLINES, symbol);
        Map<String, String> headers = binanceHeaders(fault.filter(f -> f.kind() == Fault.Kind.USED_WEIGHT)
                .map(Fault::reportedWeight).orElse(weight));
        if (fault.isPresent() && applyBefore(exchange, fault.get(), true, headers)) {
            return;
        }
        Optional<Instrument> instrument = market.instrument(symbol).filter(i -> i.assetClass() == AssetClass.CRYPTO);
        if (symbol == null) {
            send(exchange, 400, json(Map.of("code", -1102, "msg", "Mandatory parameter 'symbol' was not sent, was empty/null, or malformed.")), headers, null);
            return;
        }
        if (instrument.isEmpty()) {
            send(exchange, 400, json(Map.of("code", -1121, "msg", "Invalid symbol.")), headers, null);
            return;
        }
        if (!instrument.get().interval().code().equals(query.get("interval"))) {
            send(exchange, 400, json(Map.of("code", -1120, "msg", "Invalid interval.")), headers, null);
            return;
        }
        int limit = query.containsKey("limit") ? Integer.parseInt(query.get("limit")) : 500;
        if (limit < 1 || limit > 1000) {
            send(exchange, 400, json(Map.of("code", -1130, "msg", "Invalid data sent for a parameter: limit must be 1-1000.")), headers, null);
            return;
        }
        Instant from = query.containsKey("startTime") ? Instant.ofEpochMilli(Long.parseLong(query.get("startTime"))) : null;
        Instant to = query.containsKey("endTime") ? Instant.ofEpochMilli(Long.parseLong(query.get("endTime"))) : null;
        List<Candle> bars = market.bars(symbol, from, to, limit, now);
        if (fault.isPresent() && fault.get().kind() == Fault.Kind.EMPTY_LIST) {
            bars = List.of();
        }
        byte[] body = renderKlines(instrument.get(), bars, fault.filter(f -> f.kind() == Fault.Kind.INVALID_BAR).orElse(null));
        send(exchange, 200, body, headers, fault.orElse(null));
    }

    private byte[] renderKlines(Instrument instrument, List<Candle> bars, Fault invalid) {
        long intervalMillis = StubMarket.interval(instrument).toMillis();
        int broken = invalid == null || bars.isEmpty() ? -1 : index(invalid, bars.size());
        return write(g -> {
            g.writeStartArray();
            for (int i = 0; i < bars.size(); i++) {
                Candle c = bars.get(i);
                String[] ohlcv = {binance(c.open()), binance(c.high()), binance(c.low()), binance(c.close()), binance(c.volume())};
                if (i == broken) {
                    breakBar(ohlcv, invalid.variantName());
                }
                long open = c.openTime().toEpochMilli();
                g.writeStartArray();
                g.writeNumber(open);
                for (String value : ohlcv) {
                    g.writeString(value);
                }
                g.writeNumber(open + intervalMillis - 1);
                g.writeString(binance(c.volume().multiply(c.close())));
                g.writeNumber(c.volume().multiply(BigDecimal.TEN).longValue() + 1);
                g.writeString(binance(c.volume().divide(BigDecimal.TWO)));
                g.writeString(binance(c.volume().multiply(c.close()).divide(BigDecimal.TWO)));
                g.writeString("0");
                g.writeEndArray();
            }
            g.writeEndArray();
        });
    }

    private static void breakBar(String[] ohlcv, String variant) {
        switch (variant) {
            case "NAN" -> ohlcv[3] = "NaN";
            case "NEGATIVE" -> ohlcv[2] = "-" + ohlcv[2];
            case "CLOSE_ABOVE_HIGH" -> ohlcv[3] = new BigDecimal(ohlcv[1]).multiply(new BigDecimal("1.5")).toPlainString();
            // A high no DynamoDB number can hold (at most 10^126), otherwise a consistent bar.
            case "HUGE" -> ohlcv[1] = "1E+200";
            default -> {
                // HIGH_BELOW_LOW: a high 10 % under the low.
                BigDecimal low = new BigDecimal(ohlcv[2]);
                ohlcv[1] = low.multiply(new BigDecimal("0.9")).toPlainString();
            }
        }
    }

    private static String binance(BigDecimal value) {
        return value.setScale(8, RoundingMode.HALF_UP).toPlainString();
    }

    private void exchangeInfo(HttpExchange exchange) throws IOException {
        count(Fault.Endpoint.EXCHANGE_INFO, "*");
        int weight = addWeight(EXCHANGE_INFO_WEIGHT);
        Optional<Fault> fault = faults.take(Fault.Endpoint.EXCHANGE_INFO, "*");
        Map<String, String> headers = binanceHeaders(fault.filter(f -> f.kind() == Fault.Kind.USED_WEIGHT)
                .map(Fault::reportedWeight).orElse(weight));
        if (fault.isPresent() && applyBefore(exchange, fault.get(), true, headers)) {
            return;
        }
        List<Instrument> instruments = market.instruments(AssetClass.CRYPTO);
        byte[] body = write(g -> {
            g.writeStartObject();
            g.writeStringField("timezone", "UTC");
            g.writeNumberField("serverTime", now.toEpochMilli());
            g.writeArrayFieldStart("rateLimits");
            rateLimit(g, "REQUEST_WEIGHT", "MINUTE", 1, 6000);
            rateLimit(g, "ORDERS", "SECOND", 10, 100);
            rateLimit(g, "RAW_REQUESTS", "MINUTE", 5, 61000);
            g.writeEndArray();
            g.writeArrayFieldStart("exchangeFilters");
            g.writeEndArray();
            g.writeArrayFieldStart("symbols");
            for (Instrument i : instruments) {
                g.writeStartObject();
                g.writeStringField("symbol", i.symbol());
                g.writeStringField("status", "TRADING");
                g.writeStringField("baseAsset", i.symbol().substring(0, i.symbol().length() - i.quoteCurrency().length()));
                g.writeNumberField("baseAssetPrecision", 8);
                g.writeStringField("quoteAsset", i.quoteCurrency());
                g.writeNumberField("quotePrecision", 8);
                g.writeNumberField("quoteAssetPrecision", 8);
                g.writeArrayFieldStart("orderTypes");
                g.writeString("LIMIT");
                g.writeString("MARKET");
                g.writeEndArray();
                g.writeBooleanField("isSpotTradingAllowed", true);
                g.writeBooleanField("isMarginTradingAllowed", false);
                g.writeArrayFieldStart("permissions");
                g.writeString("SPOT");
                g.writeEndArray();
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        });
        send(exchange, 200, body, headers, fault.orElse(null));
    }

    private static void rateLimit(JsonGenerator g, String type, String interval, int num, int limit) throws IOException {
        g.writeStartObject();
        g.writeStringField("rateLimitType", type);
        g.writeStringField("interval", interval);
        g.writeNumberField("intervalNum", num);
        g.writeNumberField("limit", limit);
        g.writeEndObject();
    }

    private int addWeight(int weight) {
        long minute = System.currentTimeMillis() / 60_000;
        long previous = weightMinute.get();
        if (previous != minute && weightMinute.compareAndSet(previous, minute)) {
            usedWeight.set(0);
        }
        return usedWeight.addAndGet(weight);
    }

    private static Map<String, String> binanceHeaders(int weight) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("X-MBX-USED-WEIGHT-1M", Integer.toString(weight));
        headers.put("X-MBX-USED-WEIGHT", Integer.toString(weight));
        return headers;
    }

    private void chart(HttpExchange exchange, String symbol, Map<String, String> query) throws IOException {
        count(Fault.Endpoint.CHART, symbol);
        Optional<Fault> fault = faults.take(Fault.Endpoint.CHART, symbol);
        if (fault.isPresent() && applyBefore(exchange, fault.get(), false, Map.of())) {
            return;
        }
        Optional<Instrument> instrument = market.instrument(symbol).filter(i -> i.assetClass() == AssetClass.STOCK);
        if (instrument.isEmpty()) {
            send(exchange, 404, yahooError("Not Found", "No data found, symbol may be delisted"), Map.of(), null);
            return;
        }
        if (!"1d".equals(query.getOrDefault("interval", "1d"))) {
            send(exchange, 400, yahooError("Bad Request", "Invalid input - interval=" + query.get("interval")
                    + " is not supported by this stub; use 1d"), Map.of(), null);
            return;
        }
        if (!query.containsKey("period1") || !query.containsKey("period2")) {
            send(exchange, 400, yahooError("Bad Request", "period1 and period2 are required by this stub"), Map.of(), null);
            return;
        }
        Instant from = Instant.ofEpochSecond(Long.parseLong(query.get("period1")));
        Instant to = Instant.ofEpochSecond(Long.parseLong(query.get("period2")));
        List<Candle> bars = new ArrayList<>(market.bars(symbol, from, to.minusSeconds(1), Integer.MAX_VALUE, now));
        if (fault.isPresent() && fault.get().kind() == Fault.Kind.EMPTY_LIST) {
            bars = List.of();
        }
        byte[] body = renderChart(instrument.get(), bars, fault.orElse(null));
        send(exchange, 200, body, Map.of(), fault.orElse(null));
    }

    private byte[] renderChart(Instrument instrument, List<Candle> bars, Fault fault) {
        int broken = fault != null && fault.kind() == Fault.Kind.INVALID_BAR && !bars.isEmpty() ? index(fault, bars.size()) : -1;
        int nullAfter = fault != null && fault.kind() == Fault.Kind.NULL_BAR && !bars.isEmpty() ? index(fault, bars.size()) : -1;
        List<Long> timestamps = new ArrayList<>();
        List<BigDecimal[]> values = new ArrayList<>();
        for (int i = 0; i < bars.size(); i++) {
            Candle c = bars.get(i);
            BigDecimal[] ohlcv = {c.open(), c.high(), c.low(), c.close(), c.volume()};
            if (i == broken) {
                String[] text = {c.open().toPlainString(), c.high().toPlainString(), c.low().toPlainString(),
                        c.close().toPlainString(), c.volume().toPlainString()};
                if (fault.variantName().equals("NAN")) {
                    ohlcv[3] = null;
                } else {
                    breakBar(text, fault.variantName());
                    for (int k = 0; k < 4; k++) {
                        ohlcv[k] = new BigDecimal(text[k]);
                    }
                }
            }
            timestamps.add(c.openTime().getEpochSecond());
            values.add(ohlcv);
            if (i == nullAfter) {
                // Yahoo pads some ranges with a bar of nulls; put one on the following Saturday's session time.
                long padded = c.openTime().plus(java.time.Duration.ofDays(1)).getEpochSecond();
                timestamps.add(padded);
                values.add(new BigDecimal[5]);
            }
        }
        Candle last = bars.isEmpty() ? null : bars.getLast();
        return write(g -> {
            g.writeStartObject();
            g.writeObjectFieldStart("chart");
            g.writeArrayFieldStart("result");
            g.writeStartObject();
            g.writeObjectFieldStart("meta");
            g.writeStringField("currency", instrument.quoteCurrency());
            g.writeStringField("symbol", instrument.symbol());
            g.writeStringField("exchangeName", "NMS");
            g.writeStringField("fullExchangeName", "NasdaqGS");
            g.writeStringField("instrumentType", "EQUITY");
            g.writeNumberField("firstTradeDate", 345479400);
            g.writeNumberField("regularMarketTime", now.getEpochSecond());
            g.writeBooleanField("hasPrePostMarketData", true);
            g.writeNumberField("gmtoffset", NyseCalendar.NEW_YORK.getRules().getOffset(now).getTotalSeconds());
            g.writeStringField("timezone", NyseCalendar.NEW_YORK.getRules().isDaylightSavings(now) ? "EDT" : "EST");
            g.writeStringField("exchangeTimezoneName", NyseCalendar.NEW_YORK.getId());
            if (last != null) {
                g.writeNumberField("regularMarketPrice", last.close());
            }
            g.writeNumberField("priceHint", 2);
            g.writeStringField("dataGranularity", "1d");
            g.writeStringField("range", "");
            g.writeEndObject();
            if (!timestamps.isEmpty()) {
                g.writeArrayFieldStart("timestamp");
                for (long t : timestamps) {
                    g.writeNumber(t);
                }
                g.writeEndArray();
            }
            g.writeObjectFieldStart("indicators");
            g.writeArrayFieldStart("quote");
            g.writeStartObject();
            if (!timestamps.isEmpty()) {
                String[] names = {"open", "high", "low", "close", "volume"};
                for (int k = 0; k < names.length; k++) {
                    g.writeArrayFieldStart(names[k]);
                    for (BigDecimal[] bar : values) {
                        BigDecimal value = bar[k];
                        if (value == null) {
                            g.writeNull();
                        } else if (k == 4) {
                            g.writeNumber(value.setScale(0, RoundingMode.HALF_UP).longValueExact());
                        } else {
                            g.writeNumber(value);
                        }
                    }
                    g.writeEndArray();
                }
            }
            g.writeEndObject();
            g.writeEndArray();
            g.writeArrayFieldStart("adjclose");
            g.writeStartObject();
            if (!timestamps.isEmpty()) {
                // The bundle has no dividend history, so the dividend-adjusted close equals the split-adjusted one.
                g.writeArrayFieldStart("adjclose");
                for (BigDecimal[] bar : values) {
                    if (bar[3] == null) {
                        g.writeNull();
                    } else {
                        g.writeNumber(bar[3]);
                    }
                }
                g.writeEndArray();
            }
            g.writeEndObject();
            g.writeEndArray();
            g.writeEndObject();
            g.writeEndObject();
            g.writeEndArray();
            g.writeNullField("error");
            g.writeEndObject();
            g.writeEndObject();
        });
    }

    private static byte[] yahooError(String code, String description) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", code);
        error.put("description", description);
        Map<String, Object> chart = new LinkedHashMap<>();
        chart.put("result", null);
        chart.put("error", error);
        return json(Map.of("chart", chart));
    }

    /** Applies faults that replace the answer; true if the exchange has been answered. */
    private boolean applyBefore(HttpExchange exchange, Fault fault, boolean binance, Map<String, String> headers)
            throws IOException {
        switch (fault.kind()) {
            case STATUS -> {
                Map<String, String> out = new LinkedHashMap<>(headers);
                if (fault.retryAfterSeconds() >= 0) {
                    out.put("Retry-After", Integer.toString(fault.retryAfterSeconds()));
                }
                byte[] body = binance ? json(Map.of("code", fault.statusCode() >= 500 ? -1001 : -1003, "msg",
                        switch (fault.statusCode()) {
                            case 429 -> "Too many requests; current limit of IP(127.0.0.1) is 6000 requests per minute.";
                            case 418 -> "Way too much request weight used; IP banned until "
                                    + now.plusSeconds(Math.max(fault.retryAfterSeconds(), 120)).toEpochMilli() + ".";
                            default -> "Internal error; unable to process your request. Please try again.";
                        }))
                        : fault.statusCode() == 429 ? "Too Many Requests\r\n".getBytes(StandardCharsets.UTF_8)
                        : yahooError("Internal Server Error", "stub fault " + fault.statusCode());
                send(exchange, fault.statusCode(), body, out, null);
                return true;
            }
            case DELAY -> {
                try {
                    Thread.sleep(fault.delay());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return true;
                }
                return false;
            }
            default -> {
                return false;
            }
        }
    }

    private static int index(Fault fault, int size) {
        int index = fault.bar() < 0 ? size / 2 : fault.bar();
        return Math.min(index, size - 1);
    }

    private void count(Fault.Endpoint endpoint, String symbol) {
        requests.computeIfAbsent(key(endpoint, symbol), k -> new AtomicInteger()).incrementAndGet();
    }

    private static void send(HttpExchange exchange, int status, byte[] body, Map<String, String> headers, Fault fault)
            throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/json;charset=UTF-8");
        headers.forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
        Fault.Kind kind = fault == null ? null : fault.kind();
        if (kind == Fault.Kind.EMPTY_BODY) {
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        if (kind == Fault.Kind.MALFORMED_JSON) {
            body = java.util.Arrays.copyOf(body, Math.max(1, body.length / 2));
        }
        if (kind == Fault.Kind.TRUNCATED) {
            exchange.sendResponseHeaders(status, body.length);
            OutputStream out = exchange.getResponseBody();
            out.write(body, 0, Math.max(1, body.length / 2));
            out.flush();
            throw new DropConnection();
        }
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private void admin(HttpExchange exchange, String path, Map<String, String> query) throws IOException {
        String method = exchange.getRequestMethod();
        switch (path) {
            case "/_stub/faults" -> {
                if (method.equals("DELETE")) {
                    faults.clear();
                } else if (method.equals("POST")) {
                    faults.add(parseFault(JSON.readTree(exchange.getRequestBody())));
                }
                send(exchange, 200, json(Map.of("faults", faults.active().stream().map(Fault::toString).toList())), Map.of(), null);
            }
            case "/_stub/clock" -> {
                if (method.equals("POST") && query.containsKey("now")) {
                    now(Instant.parse(query.get("now")));
                }
                send(exchange, 200, json(Map.of("now", now.toString())), Map.of(), null);
            }
            case "/_stub/requests" -> {
                Map<String, Integer> counts = new TreeMap<>();
                requests.forEach((k, v) -> counts.put(k, v.get()));
                send(exchange, 200, json(counts), Map.of(), null);
            }
            default -> send(exchange, 404, json(Map.of("error", "no admin route " + path)), Map.of(), null);
        }
    }

    /** {@code {"endpoint":"klines","symbol":"ETHUSDT","kind":"STATUS","status":429,"retryAfter":1,"times":1}} */
    static Fault parseFault(JsonNode node) {
        Fault fault = Fault.of(Fault.Endpoint.parse(node.path("endpoint").asText("any")),
                node.hasNonNull("symbol") ? node.get("symbol").asText() : null,
                Fault.Kind.valueOf(node.path("kind").asText().toUpperCase()));
        if (node.has("status")) {
            fault.status(node.get("status").asInt());
        }
        if (node.has("retryAfter")) {
            fault.retryAfter(node.get("retryAfter").asInt());
        }
        if (node.has("delayMillis")) {
            fault.delayMillis(node.get("delayMillis").asLong());
        }
        if (node.has("weight")) {
            fault.weight(node.get("weight").asInt());
        }
        if (node.has("variant")) {
            fault.variant(node.get("variant").asText());
        }
        if (node.has("bar")) {
            fault.barIndex(node.get("bar").asInt());
        }
        fault.times(node.path("times").asInt(-1));
        return fault;
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> query = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return query;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            query.put(name, value);
        }
        return query;
    }

    private static byte[] json(Object value) {
        try {
            return JSON.writeValueAsBytes(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Thrown out of a handler so the JDK server closes the connection (it does so for any handler exception). */
    private static final class DropConnection extends RuntimeException {
        DropConnection() {
            super("truncated on purpose", null, false, false);
        }
    }

    private interface Writer {
        void write(JsonGenerator generator) throws IOException;
    }

    private static byte[] write(Writer writer) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(4096);
        try (JsonGenerator generator = FACTORY.createGenerator(out)) {
            writer.write(generator);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** For tests: every bar the stub has for {@code symbol}, regardless of its clock. */
    List<Candle> allBars(String symbol) {
        return market.bars(symbol, Instant.EPOCH, null, Integer.MAX_VALUE, Instant.parse("2100-01-01T00:00:00Z"));
    }
}
