package dev.tradewind.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tradewind.realtime.service.Pusher;
import dev.tradewind.realtime.store.ManagementApiPusher;
import dev.tradewind.shared.config.Environment;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ManagementApiStandInTest {

    @Test
    void push_throughTheFanOutsClient_isDelivered() throws Exception {
        try (ManagementApiStandIn standIn = new ManagementApiStandIn()) {
            Environment local = new Environment(Map.of("DYNAMODB_ENDPOINT", "http://127.0.0.1:8000",
                    "AWS_REGION", "us-east-1"), Clock.systemUTC());
            ManagementApiPusher pusher = ManagementApiPusher.create(local, URI.create(standIn.endpoint()), 1);

            assertEquals(Pusher.Result.DELIVERED, pusher.push("Kq3xOdbJIAMCJ5Q=", "{\"channel\":\"me\"}"));
            pusher.forgetClient();
        }
    }

    @Test
    void get_ofAConnection_isNotAPush_andAnswers404() throws Exception {
        try (ManagementApiStandIn standIn = new ManagementApiStandIn();
             HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<Void> response = http.send(HttpRequest.newBuilder(
                    URI.create(standIn.endpoint() + "/@connections/abc")).GET().build(),
                    HttpResponse.BodyHandlers.discarding());

            assertEquals(404, response.statusCode());
        }
    }
}
