package dev.tradewind.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tradewind.local.lambda.FunctionError;
import dev.tradewind.local.lambda.Invocation;
import dev.tradewind.local.template.ScheduleDefinition;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CatchUpTest {

    private static Invocation answered(String payload) {
        return new Invocation("id", "MarketIngestFunction", payload.getBytes(StandardCharsets.UTF_8), null, 1, null, 1024);
    }

    private static final ScheduleDefinition CRYPTO = new ScheduleDefinition("MarketIngestFunction",
            "MarketIngestFunctionCryptoHourly", "cron(2 * * * ? *)", "UTC", "{}", true);

    @Test
    void notCaughtUp_readsTheIngestSummary() {
        assertEquals(Optional.empty(), CatchUp.notCaughtUp(answered("{\"status\":\"completed\",\"staleInstruments\":0}")));
        assertEquals(Optional.empty(), CatchUp.notCaughtUp(answered("{\"resolved\":0}")), "other functions: success");
        assertTrue(CatchUp.notCaughtUp(answered("{\"status\":\"interrupted\",\"deferred\":2}")).orElseThrow()
                .startsWith(CatchUp.INTERRUPTED));
        String partial = CatchUp.notCaughtUp(answered("{\"status\":\"partial\",\"failures\":[{\"symbol\":\"BNBUSDT\","
                + "\"reason\":\"STORE_ERROR\",\"message\":\"candles could not be stored: ApiCallTimeoutException\"}]}"))
                .orElseThrow();
        assertEquals("failed series: BNBUSDT STORE_ERROR: candles could not be stored: ApiCallTimeoutException", partial);
        assertTrue(CatchUp.notCaughtUp(answered("{\"status\":\"completed\",\"staleInstruments\":3}")).orElseThrow()
                .startsWith(CatchUp.STALE));
        assertTrue(CatchUp.notCaughtUp(new Invocation("id", "f", null, new FunctionError("Sandbox.Timedout", "late"),
                1, null, 1024)).orElseThrow().contains("Sandbox.Timedout"));
    }

    @Test
    void runSchedules_rerunsAPartialRunUntilItCatchesUp() {
        Readiness readiness = new Readiness();
        CatchUp catchUp = new CatchUp(readiness);
        List<String> answers = new ArrayList<>(List.of(
                "{\"status\":\"interrupted\",\"deferred\":1}",
                "{\"status\":\"completed\",\"staleInstruments\":0}"));
        List<String> runs = new ArrayList<>();
        catchUp.runSchedules(List.of(CRYPTO), name -> {
            runs.add(name);
            catchUp.record(CRYPTO, answered(answers.removeFirst()));
            return true;
        });
        assertEquals(2, runs.size());
        assertFalse(readiness.pending().containsKey(CRYPTO.name()));
        assertTrue(readiness.catchUpFinished());
    }
}
