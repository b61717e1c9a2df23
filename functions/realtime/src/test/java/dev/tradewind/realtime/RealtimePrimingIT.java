package dev.tradewind.realtime;

import static dev.tradewind.realtime.RealtimeFixture.ALICE;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tradewind.realtime.service.Pusher;
import dev.tradewind.realtime.store.ManagementApiPusher;
import dev.tradewind.shared.dynamo.DynamoDbClients;
import dev.tradewind.shared.lambda.Priming;
import dev.tradewind.testing.LocalDynamoDb;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** SnapStart priming of both realtime functions: every sample event, nothing written, nothing pushed. */
class RealtimePrimingIT {

    @Test
    void primeConnections_runsEveryRoute_andLeavesEveryTableUnchanged() {
        RealtimeFixture fixture = new RealtimeFixture();
        fixture.connect("Kq3xOdbJIAMCJ5Q=", ALICE);
        fixture.subscribe("Kq3xOdbJIAMCJ5Q=", "me", "candles:BTCUSDT:1h");
        Map<String, List<String>> before = LocalDynamoDb.contents();

        Priming.Report report = RealtimePriming.forConnections(fixture.handler, LocalDynamoDb.client(), fixture.env)
                .prime();

        assertEquals(before, LocalDynamoDb.contents(), "priming changed a table");
        assertEquals(List.of(), report.failed(), report.toString());
        assertEquals(200, report.outcome("connect.json"), "opened in the run's store: " + report);
        assertEquals(200, report.outcome("subscribe.json"), "subscribed in the run's store: " + report);
        assertEquals(200, report.outcome("unsubscribe.json"));
        assertEquals(200, report.outcome("ping.json"));
        assertEquals(400, report.outcome("default.json"));
        assertEquals(200, report.outcome("disconnect.json"));
        assertEquals(Priming.DONE, report.outcome("JSON shapes"));
        assertEquals(404, report.outcome("GetItem " + fixture.env.require("REALTIME_TABLE")));
        assertEquals(404, report.outcome("GetItem " + fixture.env.require("MARKET_TABLE")));
    }

    @Test
    void primeFanOut_readsEverySampleEventsSubscribers_andPushesNothingToThem() {
        RealtimeFixture fixture = new RealtimeFixture();
        // Subscribers of every sample event's channels: priming must not send them its sample data.
        fixture.connect("c1", ALICE);
        fixture.subscribe("c1", "me", "candles:BTCUSDT:1h", "forecast:BTCUSDT:1h", "signals:crypto");
        Map<String, List<String>> before = LocalDynamoDb.contents();
        try (FakeManagementApi api = new FakeManagementApi()) {
            var env = fixture.fanOutEnvironment(api.endpoint());
            FanOutHandler handler = new FanOutHandler(env);
            api.gone(Priming.MARKER);

            ManagementApiPusher pusher = ManagementApiPusher.create(env, api.endpoint(), 1);
            Priming priming = RealtimePriming.forFanOut(handler, pusher, DynamoDbClients.create(env), env);

            Priming.Report report = priming.prime();

            assertEquals(List.of(), report.failed(), report.toString());
            for (String event : RealtimePriming.BUS_EVENTS) {
                assertEquals(200, report.outcome(event), event);
            }
            assertEquals(410, report.outcome(RealtimePriming.POST_TO_CONNECTION));
            assertEquals(List.of(Priming.MARKER), api.posts().stream().map(FakeManagementApi.Post::connectionId)
                    .toList(), "only the priming's own post");
            assertEquals(404, report.outcome(RealtimePriming.PRIVATE_SUBSCRIBER),
                    "the private events reached the priming caller's connection and forgot it: " + report);
            assertEquals(Priming.DONE, report.outcome("EMF metrics"));
            assertEquals(404, report.outcome("GetItem " + env.require("REALTIME_TABLE")));
            assertEquals(404, report.outcome(RealtimePriming.CONNECTION_SESSIONS), "no such connection: " + report);
            assertEquals(404, report.outcome(RealtimePriming.SESSION_CHECK), "no such session: " + report);

            priming.afterRestore(null);
            assertEquals(Pusher.Outcome.DELIVERED, pusher.push("c1", "{}").outcome(), "a new client after a restore");
        }
        assertEquals(before, LocalDynamoDb.contents(), "priming changed a table");
    }
}
