package dev.tradewind.market.domain.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tradewind.shared.config.ConfigException;
import dev.tradewind.shared.json.Json;
import dev.tradewind.shared.market.AssetClass;
import dev.tradewind.shared.market.Instrument;
import dev.tradewind.shared.market.Interval;
import dev.tradewind.shared.validation.FieldRules;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The universes a schedule can name, read once at init from {@code universes.json} in the function package or from
 * the file {@code MARKET_UNIVERSES_FILE} names. Format (docs/market-data.md):
 * <pre>{"universes": {"crypto-1h": {"assetClass": "crypto", "interval": "1h", "provider": "binance",
 *   "backfill": "P60D", "instruments": [{"symbol": "BTCUSDT", "name": "Bitcoin", "exchange": "BINANCE",
 *   "quoteCurrency": "USDT"}], "discover": {"quoteAsset": "USDT", "max": 50}}}}</pre>
 * Mistakes fail the function's init with a message naming the universe and field.
 */
public final class Universes {

    public static final String BUNDLED_RESOURCE = "universes.json";
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,39}");
    private static final Set<String> PROVIDERS = Set.of("binance", "yahoo", "replay");

    private final Map<String, Universe> universes;

    private Universes(Map<String, Universe> universes) {
        this.universes = Map.copyOf(universes);
    }

    public static Universes of(Collection<Universe> universes) {
        Map<String, Universe> byName = new LinkedHashMap<>();
        universes.forEach(u -> byName.put(u.name(), u));
        return new Universes(byName);
    }

    /** From {@code file} if given, else the copy bundled in the function package. */
    public static Universes load(Optional<Path> file) {
        if (file.isPresent()) {
            try (InputStream in = Files.newInputStream(file.get())) {
                return parse(in, file.get().toString());
            } catch (IOException e) {
                throw new ConfigException("MARKET_UNIVERSES_FILE " + file.get() + " cannot be read: " + e.getMessage());
            }
        }
        try (InputStream in = Universes.class.getClassLoader().getResourceAsStream(BUNDLED_RESOURCE)) {
            if (in == null) {
                throw new ConfigException(BUNDLED_RESOURCE + " is missing from the function package");
            }
            return parse(in, BUNDLED_RESOURCE);
        } catch (IOException e) {
            throw new ConfigException(BUNDLED_RESOURCE + " cannot be read: " + e.getMessage());
        }
    }

    static Universes parse(InputStream in, String source) throws IOException {
        JsonNode root;
        try {
            root = Json.mapper().readTree(in);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new ConfigException(source + " is not valid JSON: " + e.getOriginalMessage());
        }
        JsonNode list = root == null ? null : root.get("universes");
        if (list == null || !list.isObject() || list.isEmpty()) {
            throw new ConfigException(source + " must hold {\"universes\": {\"name\": {...}}}");
        }
        Map<String, Universe> universes = new LinkedHashMap<>();
        for (var entry : list.properties()) {
            universes.put(entry.getKey(), universe(entry.getKey(), entry.getValue(), source));
        }
        return new Universes(universes);
    }

    private static Universe universe(String name, JsonNode node, String source) {
        String where = source + ": universe '" + name + "'";
        if (!NAME.matcher(name).matches()) {
            throw new ConfigException(where + ": names are lower-case letters, digits and '-'");
        }
        AssetClass assetClass = AssetClass.parse(node.path("assetClass").asText())
                .orElseThrow(() -> new ConfigException(where + ": assetClass must be crypto or stock"));
        Interval interval = Interval.parse(node.path("interval").asText())
                .orElseThrow(() -> new ConfigException(where + ": interval must be 1h or 1d"));
        String provider = node.path("provider").asText();
        if (!PROVIDERS.contains(provider)) {
            throw new ConfigException(where + ": provider must be one of " + PROVIDERS);
        }
        if (provider.equals("yahoo") && interval != Interval.D1) {
            throw new ConfigException(where + ": the yahoo provider serves 1d bars only");
        }
        Duration backfill;
        try {
            backfill = Duration.parse(node.path("backfill").asText());
        } catch (DateTimeParseException e) {
            throw new ConfigException(where + ": backfill must be an ISO-8601 duration such as P60D");
        }
        if (!backfill.isPositive()) {
            throw new ConfigException(where + ": backfill must be positive");
        }
        List<Instrument> instruments = new ArrayList<>();
        for (JsonNode i : node.path("instruments")) {
            String symbol = i.path("symbol").asText();
            if (!FieldRules.isSymbol(symbol)) {
                throw new ConfigException(where + ": symbol '" + symbol + "' must be 1-20 upper-case letters, digits,"
                        + " '.' or '-'");
            }
            instruments.add(new Instrument(symbol, i.path("name").asText(symbol), assetClass,
                    i.path("exchange").asText(provider.equals("yahoo") ? "NASDAQ" : "BINANCE"),
                    i.path("quoteCurrency").asText(assetClass == AssetClass.CRYPTO ? "USDT" : "USD"), interval));
        }
        Universe.Discovery discovery = null;
        JsonNode discover = node.path("discover");
        if (discover.isObject()) {
            int max = discover.path("max").asInt(100);
            if (max < 1 || max > 20_000) {
                throw new ConfigException(where + ": discover.max must be between 1 and 20000");
            }
            discovery = new Universe.Discovery(discover.path("quoteAsset").asText(null), max);
        }
        if (instruments.isEmpty() && discovery == null) {
            throw new ConfigException(where + ": needs instruments or discover");
        }
        return new Universe(name, assetClass, interval, provider, backfill, instruments, discovery);
    }

    public Optional<Universe> find(String name) {
        return Optional.ofNullable(universes.get(name));
    }

    public Collection<Universe> all() {
        return universes.values();
    }
}
