package dev.tradewind.market.store.provider;

import dev.tradewind.market.domain.provider.Deadline;
import dev.tradewind.market.domain.provider.ProviderException;
import dev.tradewind.market.domain.provider.Ticker;
import dev.tradewind.shared.concurrent.Jitter;
import dev.tradewind.shared.error.Causes;
import java.io.EOFException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * GETs against a venue with the resilience every provider needs: a timeout covering the whole exchange (headers
 * and body: {@code HttpRequest.timeout} alone stops at the headers, so a stalled body would hang), retries with
 * exponential back-off and full jitter on timeouts, I/O errors, 5xx, malformed or empty answers; 429 and 418
 * honoured through the venue's {@link RateGate} using {@code Retry-After}; other 4xx mapped by the provider and not
 * retried. Uses the JDK's {@link HttpClient}: no extra library in the function zip.
 */
public final class ProviderHttp {

    /** How requests are timed and retried; see docs/configuration.md. */
    public record Settings(Duration connectTimeout, Duration requestTimeout, int maxAttempts, Duration backoffBase,
                           Duration backoffMax, Duration maxRetryAfter) {

        public static Settings defaults() {
            return new Settings(Duration.ofSeconds(3), Duration.ofSeconds(10), 4, Duration.ofMillis(250),
                    Duration.ofSeconds(5), Duration.ofSeconds(30));
        }
    }

    /** Turns a 2xx body into a value; any exception it throws marks the answer malformed (and retryable). */
    @FunctionalInterface
    public interface Parser<T> {
        T parse(byte[] body) throws IOException;
    }

    /** Maps a 4xx other than 429/418 to the provider's failure (e.g. Binance code -1121 → unknown symbol). */
    @FunctionalInterface
    public interface ErrorMapper {
        ProviderException map(int status, byte[] body);
    }

    private static final Duration DEFAULT_BAN = Duration.ofMinutes(2);

    private final HttpClient client;
    private final Settings settings;
    private final Ticker ticker;

    public ProviderHttp(HttpClient client, Settings settings, Ticker ticker) {
        this.client = client;
        this.settings = settings;
        this.ticker = ticker;
    }

    public static HttpClient newClient(Settings settings) {
        return HttpClient.newBuilder()
                .connectTimeout(settings.connectTimeout())
                .followRedirects(HttpClient.Redirect.NORMAL)
                .version(HttpClient.Version.HTTP_1_1)
                .build();
    }

    public Settings settings() {
        return settings;
    }

    public <T> T get(URI uri, RateGate gate, Parser<T> parser, ErrorMapper errors, Deadline deadline,
                     Consumer<HttpResponse<byte[]>> observer) {
        ProviderException last = null;
        for (int attempt = 1; attempt <= settings.maxAttempts(); attempt++) {
            if (attempt > 1) {
                // After a 429/418 the gate already holds every request back; other failures back off here.
                Duration backoff = last.reason() == ProviderException.Reason.THROTTLED
                        || last.reason() == ProviderException.Reason.BANNED ? Duration.ZERO : backoff(attempt);
                if (deadline.wouldPass(backoff.plus(settings.requestTimeout()))) {
                    throw last.exhausted("no time left for another attempt");
                }
                sleep(backoff);
            }
            if (deadline.wouldPass(settings.requestTimeout())) {
                throw last != null ? last.exhausted("no time left for another attempt")
                        : ProviderException.fatal(ProviderException.Reason.DEADLINE, "no time left to call " + gate.venue());
            }
            gate.acquire(deadline, settings.requestTimeout());
            HttpResponse<byte[]> response;
            Duration asked;
            try {
                response = send(uri);
                // A ban or pause the answer asks for holds the requests queued behind this one before its slot frees.
                observer.accept(response);
                asked = hold(gate, response, attempt);
            } catch (ProviderException e) {
                last = e;
                continue;
            } finally {
                gate.release();
            }
            int status = response.statusCode();
            byte[] body = response.body() == null ? new byte[0] : response.body();
            if (status >= 200 && status < 300) {
                if (body.length == 0) {
                    last = ProviderException.retryable(ProviderException.Reason.EMPTY_RESPONSE,
                            gate.venue() + " answered " + status + " with an empty body");
                    continue;
                }
                try {
                    return parser.parse(body);
                } catch (ProviderException e) {
                    if (!e.retryable()) {
                        throw e;
                    }
                    last = e;
                } catch (IOException | RuntimeException e) {
                    last = ProviderException.retryable(ProviderException.Reason.MALFORMED_RESPONSE,
                            gate.venue() + " answered with malformed JSON: " + firstLine(e.getMessage()));
                }
                continue;
            }
            if (status == 429) {
                if (asked.compareTo(settings.maxRetryAfter()) > 0 || deadline.wouldPass(asked)) {
                    throw new ProviderException(ProviderException.Reason.THROTTLED, gate.venue()
                            + " answered 429 asking to wait " + asked.toSeconds() + " s", false, asked);
                }
                last = new ProviderException(ProviderException.Reason.THROTTLED, gate.venue() + " answered 429", true,
                        asked);
                continue;
            }
            if (status == 418) {
                if (asked.compareTo(settings.maxRetryAfter()) > 0 || deadline.wouldPass(asked)) {
                    throw new ProviderException(ProviderException.Reason.BANNED, gate.venue()
                            + " answered 418 (IP banned) for " + asked.toSeconds() + " s", false, asked);
                }
                last = new ProviderException(ProviderException.Reason.BANNED, gate.venue() + " answered 418", true,
                        asked);
                continue;
            }
            if (status >= 500) {
                last = ProviderException.retryable(ProviderException.Reason.SERVER_ERROR,
                        gate.venue() + " answered " + status);
                continue;
            }
            throw errors.map(status, body);
        }
        throw last.exhausted("gave up after " + settings.maxAttempts() + " attempts");
    }

    /**
     * Records in the gate what the answer asks of every request: a 429's pause ({@code Retry-After}, else a back-off),
     * a 418's ban ({@code Retry-After}, else two minutes), a 5xx's {@code Retry-After} if not too long. Returns the
     * 429's or 418's wait, zero otherwise.
     */
    private Duration hold(RateGate gate, HttpResponse<byte[]> response, int attempt) {
        Optional<Duration> asked = retryAfter(response.headers());
        int status = response.statusCode();
        if (status == 429) {
            Duration wait = asked.orElse(backoff(attempt + 1));
            gate.pauseFor(wait);
            return wait;
        }
        if (status == 418) {
            Duration ban = asked.orElse(DEFAULT_BAN);
            gate.banFor(ban);
            return ban;
        }
        if (status >= 500) {
            asked.filter(w -> w.compareTo(settings.maxRetryAfter()) <= 0).ifPresent(gate::pauseFor);
        }
        return Duration.ZERO;
    }

    private HttpResponse<byte[]> send(URI uri) {
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(settings.requestTimeout())
                .header("Accept", "application/json")
                .header("User-Agent", "Mozilla/5.0 (compatible; tradewind-market-ingest/1.0)")
                .GET()
                .build();
        CompletableFuture<HttpResponse<byte[]>> future = client.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray());
        try {
            return future.get(settings.requestTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw ProviderException.retryable(ProviderException.Reason.TIMEOUT, uri.getHost() + " did not answer within "
                    + settings.requestTimeout().toMillis() + " ms");
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw ProviderException.fatal(ProviderException.Reason.INTERRUPTED, "interrupted calling " + uri.getHost());
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof HttpTimeoutException) {
                throw ProviderException.retryable(ProviderException.Reason.TIMEOUT, uri.getHost() + " did not answer within "
                        + settings.requestTimeout().toMillis() + " ms");
            }
            if (Causes.causedBy(cause, EOFException.class)) {
                throw ProviderException.retryable(ProviderException.Reason.TRUNCATED_RESPONSE,
                        uri.getHost() + " closed the connection before the whole answer arrived");
            }
            throw ProviderException.retryable(ProviderException.Reason.IO_ERROR, uri.getHost() + ": "
                    + (cause == null ? "I/O error" : cause.getClass().getSimpleName() + " " + firstLine(cause.getMessage())));
        }
    }

    /** Full jitter: uniform in [0, min(max, base × 2^(attempt − 2))]. */
    Duration backoff(int attempt) {
        long cap = Math.min(settings.backoffMax().toMillis(),
                settings.backoffBase().toMillis() << Math.min(Math.max(attempt - 2, 0), 16));
        return Duration.ofMillis(Jitter.millisUpTo(cap));
    }

    private void sleep(Duration duration) {
        try {
            ticker.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ProviderException.fatal(ProviderException.Reason.INTERRUPTED, "interrupted while backing off");
        }
    }

    /** {@code Retry-After} in seconds or as an HTTP date. */
    static Optional<Duration> retryAfter(HttpHeaders headers) {
        Optional<String> value = headers.firstValue("retry-after");
        if (value.isEmpty()) {
            return Optional.empty();
        }
        String text = value.get().trim();
        try {
            return Optional.of(Duration.ofSeconds(Math.max(0, Long.parseLong(text))));
        } catch (NumberFormatException e) {
            try {
                ZonedDateTime when = ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME);
                Optional<ZonedDateTime> date = headers.firstValue("date")
                        .map(d -> ZonedDateTime.parse(d, DateTimeFormatter.RFC_1123_DATE_TIME));
                Duration wait = Duration.between(date.orElse(ZonedDateTime.now(when.getZone())), when);
                return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
            } catch (DateTimeParseException ignored) {
                return Optional.empty();
            }
        }
    }

    static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        String line = message.lines().findFirst().orElse("");
        return line.length() > 200 ? line.substring(0, 200) : line;
    }
}
