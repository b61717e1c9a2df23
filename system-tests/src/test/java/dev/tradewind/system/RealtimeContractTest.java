package dev.tradewind.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RealtimeContractTest {

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
                "unsubscribed", "error"), contract.serverMessages());
    }

    @Test
    void checkMessage_acceptsAConformingCandle_andReportsAWrongOne() {
        String candle = """
                {"type": "candle", "channel": "candles:BTCUSDT:1h", "data": {"openTime": "2022-01-03T09:00:00Z",
                 "closeTime": "2022-01-03T10:00:00Z", "open": 46000.1, "high": 46100, "low": 45900, "close": 46050,
                 "volume": 12.5}}""";
        assertEquals(List.of(), contract.checkMessage(candle));

        List<String> missingClose = contract.checkMessage(candle.replace("\"close\": 46050,", ""));
        assertTrue(missingClose.stream().anyMatch(v -> v.contains("close")), missingClose.toString());
        assertFalse(contract.checkMessage(candle.replace("candles:BTCUSDT:1h", "candles:BTCUSDT:5m")).isEmpty());
        assertFalse(contract.checkMessage(candle.replace("\"candle\"", "\"tick\"")).isEmpty());
    }

    @Test
    void checkMessage_errorNeedsTheErrorModel() {
        assertEquals(List.of(), contract.checkMessage("""
                {"type": "error", "error": {"code": "INVALID_INPUT", "message": "channel", "requestId": "r-1"}}"""));
        assertFalse(contract.checkMessage("{\"type\": \"error\", \"error\": {\"code\": \"X\"}}").isEmpty());
    }
}
