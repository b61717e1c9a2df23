package dev.tradewind.realtime.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tradewind.realtime.service.Pusher;
import dev.tradewind.shared.config.Environment;
import java.net.URI;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ManagementApiPusherTest {

    @Test
    void push_withLocalDynamoDbAndTheTemplatesAwsEndpoint_failsWithoutCallingAws() {
        Environment local = new Environment(Map.of("DYNAMODB_ENDPOINT", "http://127.0.0.1:8000",
                "AWS_REGION", "us-east-1"), Clock.systemUTC());
        ManagementApiPusher pusher = ManagementApiPusher.create(local,
                URI.create("https://RealtimeApi.execute-api.us-east-1.amazonaws.com/live"), 1);

        assertEquals(new Pusher.Result(Pusher.Outcome.FAILED, "NO_LOCAL_ENDPOINT"), pusher.push("abc=", "{}"));
    }
}
