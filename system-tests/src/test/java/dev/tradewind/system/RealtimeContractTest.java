package dev.tradewind.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tradewind.realtime.api.BusEvents;
import dev.tradewind.realtime.domain.Push;
import dev.tradewind.testing.Repository;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class RealtimeContractTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final RealtimeContract contract = RealtimeContract.load();

    @Test
    void asyncApiDocument_validatesAgainstTheOfficialSchema() {
        assertEquals(List.of(), contract.documentViolations());
    }

    @Test
    void misspelledOperationAction_failsValidation() {
        ObjectNode broken = contract.document().deepCopy();
        ((ObjectNode) broken.path("operations").path("receiveCandle")).put("action", "publish");
        assertFalse(RealtimeContract.documentViolations(broken).isEmpty());
    }

    @Test
    void serverMessages_areThePushesAndTheAnswers() {
        assertEquals(Set.of("candle", "forecast", "signal", "fill", "orderEnded", "cooldown", "subscribed",
                "unsubscribed", "pong", "error"), contract.serverMessages());
    }

    @Test
    void checkMessage_acceptsAConformingCandle_andReportsAWrongOne() {
        String candle = """
                {"type": "candle", "channel": "candles:BTCUSDT:1h", "eventId": "6a7e8feb-b491-4cf7-a9f1-bf3703467718",
                 "messageId": "6a7e8feb-b491-4cf7-a9f1-bf3703467718:0", "data": {"openTime": "2022-01-03T09:00:00Z",
                 "closeTime": "2022-01-03T10:00:00Z", "open": 46000.1, "high": 46100, "low": 45900, "close": 46050,
                 "volume": 12.5}}""";
        assertEquals(List.of(), contract.checkMessage(candle));

        List<String> missingClose = contract.checkMessage(candle.replace("\"close\": 46050,", ""));
        assertTrue(missingClose.stream().anyMatch(v -> v.contains("close")), missingClose.toString());
        assertFalse(contract.checkMessage(candle.replace("candles:BTCUSDT:1h", "candles:BTCUSDT:5m")).isEmpty());
        assertFalse(contract.checkMessage(candle.replace("\"candle\"", "\"tick\"")).isEmpty());
        List<String> noEventId = contract.checkMessage(candle.replace(
                "\"eventId\": \"6a7e8feb-b491-4cf7-a9f1-bf3703467718\",", ""));
        assertTrue(noEventId.stream().anyMatch(v -> v.contains("eventId")), noEventId.toString());
        List<String> noMessageId = contract.checkMessage(candle.replace(
                "\"messageId\": \"6a7e8feb-b491-4cf7-a9f1-bf3703467718:0\", ", ""));
        assertTrue(noMessageId.stream().anyMatch(v -> v.contains("messageId")), noMessageId.toString());
    }

    /**
     * Every message the fan-out makes of the sample bus events in events/realtime, in process: each push type at
     * least once, and each conforming (RealtimeIT sends them through the local runtime as well).
     */
    @Test
    void everyMessageTheFanOutMakesOfTheSampleEvents_conformsToTheContract() throws Exception {
        List<String> violations = new ArrayList<>();
        Set<String> types = new TreeSet<>();
        try (Stream<Path> files = Files.list(Repository.path("events/realtime"))) {
            for (Path file : files.sorted().toList()) {
                for (Push push : BusEvents.decode(Files.readAllBytes(file)).pushes()) {
                    types.add(JSON.readTree(push.message()).path("type").asText());
                    contract.checkMessage(push.message()).forEach(v -> violations.add(file.getFileName() + ": " + v));
                }
            }
        }
        assertEquals(List.of(), violations);
        assertEquals(Set.of("candle", "forecast", "signal", "fill", "orderEnded", "cooldown"), types);
    }

    @Test
    void checkMessage_errorNeedsTheErrorModel() {
        assertEquals(List.of(), contract.checkMessage("""
                {"type": "error", "error": {"code": "INVALID_INPUT", "message": "channel", "requestId": "r-1"}}"""));
        assertFalse(contract.checkMessage("{\"type\": \"error\", \"error\": {\"code\": \"X\"}}").isEmpty());
    }

    @Test
    void checkMessage_errorDetails_areTheHttpApisFieldErrors() {
        assertEquals(List.of(), contract.checkMessage("""
                {"type": "error", "error": {"code": "VALIDATION_FAILED", "message": "Request is invalid",
                 "requestId": "r-1", "details": [{"field": "channels[1]", "message": "must be me"}]}}"""));
        assertFalse(contract.checkMessage("""
                {"type": "error", "error": {"code": "VALIDATION_FAILED", "message": "Request is invalid",
                 "requestId": "r-1", "details": "channels[1]"}}""").isEmpty(), "details is a list");
        assertFalse(contract.checkMessage("""
                {"type": "error", "error": {"code": "VALIDATION_FAILED", "message": "Request is invalid",
                 "requestId": "r-1", "details": [{"message": "must be me"}]}}""").isEmpty(), "each names its field");
    }
}
