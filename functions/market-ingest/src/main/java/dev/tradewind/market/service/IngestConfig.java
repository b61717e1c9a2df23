package dev.tradewind.market.service;

import dev.tradewind.market.store.provider.ProviderHttp;
import dev.tradewind.shared.config.ConfigException;
import dev.tradewind.shared.config.Environment;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * The ingest function's configuration, read once at init (docs/configuration.md). {@code MARKET_SOURCE=replay}
 * serves every universe from the bundled history in {@code MARKET_REPLAY_DIR} (the local runtime's default, set in
 * local/env.json); {@code live} calls the venues at their base URLs. {@code EVENT_BUS_NAME}, when set, is the bus the
 * runs publish {@code CandlesClosed} to (docs/realtime.md#events).
 */
public record IngestConfig(String marketTable, Source source, Optional<Path> replayDirectory,
                           Optional<Path> universesFile, URI binanceBaseUrl, URI yahooBaseUrl,
                           ProviderHttp.Settings http, int binanceMaxConcurrency, int binanceWeightLimit,
                           int yahooMaxConcurrency, IngestService.Settings ingest, Duration deadlineMargin,
                           String metricsNamespace, String serviceName, Optional<String> eventBus) {

    public enum Source { LIVE, REPLAY }

    public static IngestConfig from(Environment env) {
        String table = env.require("MARKET_TABLE");
        Source source = switch (env.get("MARKET_SOURCE", "live").toLowerCase(Locale.ROOT)) {
            case "live" -> Source.LIVE;
            case "replay" -> Source.REPLAY;
            default -> throw new ConfigException("MARKET_SOURCE must be live or replay, was '" + env.get("MARKET_SOURCE", "") + "'");
        };
        Optional<Path> replay = env.optional("MARKET_REPLAY_DIR").map(Path::of);
        if (source == Source.REPLAY) {
            Path dir = replay.orElseThrow(() -> new ConfigException("MARKET_SOURCE=replay needs MARKET_REPLAY_DIR"));
            if (!Files.isRegularFile(dir.resolve("instruments.csv"))) {
                throw new ConfigException("MARKET_REPLAY_DIR " + dir.toAbsolutePath() + " holds no instruments.csv");
            }
        }
        Optional<Path> universes = env.optional("MARKET_UNIVERSES_FILE").map(Path::of);
        ProviderHttp.Settings defaults = ProviderHttp.Settings.defaults();
        ProviderHttp.Settings http = new ProviderHttp.Settings(
                positive(env, "PROVIDER_CONNECT_TIMEOUT", defaults.connectTimeout()),
                positive(env, "PROVIDER_REQUEST_TIMEOUT", defaults.requestTimeout()),
                range(env, "PROVIDER_MAX_ATTEMPTS", defaults.maxAttempts(), 1, 10),
                positive(env, "PROVIDER_BACKOFF_BASE", defaults.backoffBase()),
                positive(env, "PROVIDER_BACKOFF_MAX", defaults.backoffMax()),
                positive(env, "PROVIDER_MAX_RETRY_AFTER", defaults.maxRetryAfter()));
        IngestService.Settings ingestDefaults = IngestService.Settings.defaults();
        IngestService.Settings ingest = new IngestService.Settings(
                range(env, "INGEST_CONCURRENCY", ingestDefaults.concurrency(), 1, 1024),
                range(env, "INGEST_WRITERS", ingestDefaults.writers(), 1, 32),
                range(env, "INGEST_PAGE_LIMIT", ingestDefaults.pageLimit(), 1, 1000),
                positive(env, "INGEST_CHECKPOINT", ingestDefaults.checkpoint()),
                range(env, "INGEST_GAP_ATTEMPTS", ingestDefaults.maxGapAttempts(), 1, 100),
                ingestDefaults.writerLinger());
        return new IngestConfig(table, source, replay, universes,
                url(env, "BINANCE_BASE_URL", "https://api.binance.com"),
                url(env, "YAHOO_BASE_URL", "https://query1.finance.yahoo.com"),
                http,
                range(env, "BINANCE_MAX_CONCURRENCY", 8, 1, 64),
                range(env, "BINANCE_WEIGHT_LIMIT", 6000, 10, 1_000_000),
                range(env, "YAHOO_MAX_CONCURRENCY", 2, 1, 64),
                ingest,
                positive(env, "INGEST_DEADLINE_MARGIN", Duration.ofSeconds(20)),
                env.get("POWERTOOLS_METRICS_NAMESPACE", "Tradewind"),
                env.get("POWERTOOLS_SERVICE_NAME", "tradewind"),
                env.optional("EVENT_BUS_NAME"));
    }

    private static URI url(Environment env, String name, String defaultValue) {
        String text = env.get(name, defaultValue);
        try {
            URI uri = URI.create(text);
            if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
                throw new IllegalArgumentException();
            }
            return uri;
        } catch (IllegalArgumentException e) {
            throw new ConfigException(name + " must be an http(s) URL, was '" + text + "'");
        }
    }

    private static Duration positive(Environment env, String name, Duration defaultValue) {
        Duration value = env.getDuration(name, defaultValue);
        if (!value.isPositive()) {
            throw new ConfigException(name + " must be positive");
        }
        return value;
    }

    private static int range(Environment env, String name, int defaultValue, int min, int max) {
        int value = env.getInt(name, defaultValue);
        if (value < min || value > max) {
            throw new ConfigException(name + " must be between " + min + " and " + max + ", was " + value);
        }
        return value;
    }
}
