package dev.tradewind.market.store.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.sun.net.httpserver.HttpServer;
import dev.tradewind.market.FakeTicker;
import dev.tradewind.market.domain.provider.BarPage;
import dev.tradewind.shared.market.AssetClass;
import dev.tradewind.shared.market.Instrument;
import dev.tradewind.shared.market.Interval;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** YahooProvider against a stand-in for Yahoo's chart API answering what Yahoo answers. */
class YahooProviderTest {

    private static final Instrument RIVN = new Instrument("RIVN", "Rivian Automotive", AssetClass.STOCK, "NASDAQ",
            "USD", Interval.D1);

    private final FakeTicker ticker = new FakeTicker();
    private HttpServer yahoo;
    private volatile int status;
    private volatile String body;

    @BeforeEach
    void start() throws IOException {
        yahoo = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        yahoo.createContext("/", exchange -> {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        yahoo.start();
    }

    @AfterEach
    void stop() {
        yahoo.stop(0);
    }

    private BarPage fetch(Instant from, Instant to) {
        ProviderHttp http = new ProviderHttp(ProviderHttp.newClient(ProviderHttp.Settings.defaults()),
                ProviderHttp.Settings.defaults(), ticker);
        YahooProvider provider = new YahooProvider(URI.create("http://127.0.0.1:" + yahoo.getAddress().getPort()),
                http, new RateGate("yahoo", 1, ticker));
        return provider.fetch(RIVN, from, to, 1000, to, () -> Duration.ofMinutes(10));
    }

    @Test
    void windowBeforeTheSymbolsFirstBar_isAnEmptyPage_notAFailure() {
        // Yahoo's answer for a window ending before the first bar (RIVN listed on 2021-11-10).
        status = 400;
        body = "{\"chart\":{\"result\":null,\"error\":{\"code\":\"Bad Request\","
                + "\"description\":\"Data doesn't exist for startDate = 1546300800, endDate = 1577836800\"}}}";

        BarPage page = fetch(Instant.parse("2019-01-01T00:00:00Z"), Instant.parse("2020-01-01T00:00:00Z"));

        assertEquals(0, page.bars().size());
        assertEquals(0, page.placeholders());
    }
}
