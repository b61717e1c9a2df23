package dev.tradewind.behavior;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tradewind.shared.events.DomainEvent;
import dev.tradewind.shared.json.Json;
import dev.tradewind.testing.DynamoFaults;
import dev.tradewind.testing.HttpResult;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;

/** CooldownStarted once an analysis has started a cooldown (docs/realtime.md#events), and never otherwise. */
class CooldownEventsIT {

    /** How HttpResult reads bodies; event details are read the same way to compare them. */
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<DomainEvent> events = new CopyOnWriteArrayList<>();

    private static JsonNode detail(DomainEvent event) {
        try {
            return JSON.readTree(Json.write(event.detail()));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** The put of a behaviour report's item (the cooldown's own put goes to the same table). */
    private static Predicate<SdkRequest> reportPut() {
        return request -> request instanceof PutItemRequest put && put.item().get("sk").s().startsWith("REPORT#");
    }

    /** The put of the user's cooldown item. */
    private static Predicate<SdkRequest> cooldownPut() {
        return request -> request instanceof PutItemRequest put && put.item().get("sk").s().equals("COOLDOWN");
    }

    private static String bySession(String journal, String sensitivity) {
        return "{\"sessionId\":\"" + journal + "\",\"sensitivity\":\"" + sensitivity + "\"}";
    }

    @Test
    void analysisThatStartsACooldown_publishesCooldownStarted_withTheCooldownExactlyAsTheReportShowsIt() {
        BehaviorApi api = new BehaviorApi(BehaviorApi.AFTER_SCENARIO, events::addAll);
        String journal = api.importedScenario("u1", "40000");

        JsonNode report = api.analyzed("u1", bySession(journal, "medium"));

        assertEquals("STARTED", report.at("/guardrail/cooldown").asText());
        assertEquals(1, events.size(), events.toString());
        DomainEvent event = events.getFirst();
        assertEquals("tradewind.analyze-behavior", event.source());
        assertEquals("CooldownStarted.v1", event.detailType());
        JsonNode detail = detail(event);
        assertEquals("u1", detail.get("userId").asText());
        assertEquals(report.at("/analysis/cooldown"), detail.get("cooldown"));
        assertEquals("2022-01-04T20:00:00Z", detail.at("/cooldown/activeUntil").asText());
        assertEquals(2, detail.size(), detail.toString());
    }

    @Test
    void cooldownStarted_isPublishedOnlyOnceTheReportShowingItIsStored() {
        AtomicReference<BehaviorApi> api = new AtomicReference<>();
        List<Integer> reportsListedWhenPublished = new ArrayList<>();
        api.set(new BehaviorApi(BehaviorApi.AFTER_SCENARIO, published -> {
            // What a client told of the cooldown (a `cooldown` push on `me`) would read at that moment.
            reportsListedWhenPublished.add(api.get().reports("u1", Map.of()).body().path("items").size());
        }));
        String journal = api.get().importedScenario("u1", "40000");

        JsonNode report = api.get().analyzed("u1", bySession(journal, "medium"));

        assertEquals("STARTED", report.at("/guardrail/cooldown").asText());
        assertEquals(List.of(1), reportsListedWhenPublished, "reports a client could read when it was published");
    }

    @Test
    void reportThatCannotBeStored_withdrawsItsCooldown_soTheRetryStartsItAndPublishesIt() {
        DynamoFaults faults = new DynamoFaults();
        BehaviorApi api = new BehaviorApi(BehaviorApi.AFTER_SCENARIO, events::addAll, List.of(faults));
        String journal = api.importedScenario("u1", "40000");
        faults.on("PutItem").matching(reportPut()).internalServerError();

        HttpResult failed = api.analyze("u1", bySession(journal, "medium"));

        assertEquals(503, failed.status(), failed.toString());
        assertTrue(api.cooldowns().active("u1", api.clock.instant()).isEmpty(), "no cooldown without its report");
        assertEquals(List.of(), events);

        faults.clearRules();
        JsonNode retried = api.analyzed("u1", bySession(journal, "medium"));

        assertEquals("STARTED", retried.at("/guardrail/cooldown").asText());
        assertEquals(retried.get("id").asText(),
                api.cooldowns().active("u1", api.clock.instant()).orElseThrow().reportId());
        assertEquals(1, events.size(), events.toString());
    }

    @Test
    void reportStoredButEveryAnswerLost_answersThatReport_andPublishesCooldownStartedOnce() {
        DynamoFaults faults = new DynamoFaults();
        BehaviorApi api = new BehaviorApi(BehaviorApi.AFTER_SCENARIO, events::addAll, List.of(faults));
        String journal = api.importedScenario("u1", "40000");
        faults.on("PutItem").matching(reportPut()).afterSend().internalServerError();

        HttpResult result = api.analyze("u1", bySession(journal, "medium"));
        faults.clearRules();
        JsonNode retried = api.analyzed("u1", bySession(journal, "medium"));

        assertEquals(200, result.status(), result.toString());
        assertEquals("STARTED", result.body().at("/guardrail/cooldown").asText());
        assertEquals(result.body().get("id"), retried.get("id"), "the retry answers the stored report unchanged");
        assertEquals(result.body().get("id").asText(),
                api.cooldowns().active("u1", api.clock.instant()).orElseThrow().reportId());
        assertEquals(1, api.reports("u1", Map.of()).body().path("items").size(), "one report, stored once");
        assertEquals(1, events.size(), events.toString());
    }

    @Test
    void cooldownStoredButEveryAnswerLost_answersItsReportStarted_andPublishesCooldownStartedOnce() {
        DynamoFaults faults = new DynamoFaults();
        BehaviorApi api = new BehaviorApi(BehaviorApi.AFTER_SCENARIO, events::addAll, List.of(faults));
        String journal = api.importedScenario("u1", "40000");
        faults.on("PutItem").matching(cooldownPut()).afterSend().internalServerError();

        HttpResult result = api.analyze("u1", bySession(journal, "medium"));
        faults.clearRules();
        JsonNode retried = api.analyzed("u1", bySession(journal, "medium"));

        assertEquals(200, result.status(), result.toString());
        assertEquals("STARTED", result.body().at("/guardrail/cooldown").asText());
        assertEquals(result.body().get("id"), retried.get("id"), "the retry answers the stored report unchanged");
        assertEquals(result.body().get("id").asText(),
                api.cooldowns().active("u1", api.clock.instant()).orElseThrow().reportId(),
                "the cooldown in force has its report");
        assertEquals(1, events.size(), events.toString());
    }

    @Test
    void reportSaveRetriedBySdkAfterItsAnswerWasLost_answersTheReport_andPublishesOnce() {
        DynamoFaults faults = new DynamoFaults();
        BehaviorApi api = new BehaviorApi(BehaviorApi.AFTER_SCENARIO, events::addAll, List.of(faults));
        String journal = api.importedScenario("u1", "40000");
        faults.on("PutItem").matching(reportPut()).afterSend().times(1).internalServerError();

        JsonNode report = api.analyzed("u1", bySession(journal, "medium"));

        assertEquals(1, faults.injected("PutItem"));
        assertEquals("STARTED", report.at("/guardrail/cooldown").asText());
        assertEquals(report.get("id"), api.report("u1", report.get("id").asText()).body().get("id"));
        assertEquals(1, events.size(), events.toString());
    }

    @Test
    void identicalReanalysis_ofTheReportThatStartedTheCooldown_publishesNothingMore() {
        BehaviorApi api = new BehaviorApi(BehaviorApi.AFTER_SCENARIO, events::addAll);
        String journal = api.importedScenario("u1", "40000");
        JsonNode started = api.analyzed("u1", bySession(journal, "medium"));

        JsonNode unchanged = api.analyzed("u1", bySession(journal, "medium"));

        assertEquals(started.get("id"), unchanged.get("id"), "the same report, not stored again");
        assertEquals("STARTED", unchanged.at("/guardrail/cooldown").asText());
        assertEquals(1, events.size(), events.toString());
    }

    @Test
    void analysesThatStartNoCooldown_publishNothing() {
        BehaviorApi api = new BehaviorApi(BehaviorApi.AFTER_SCENARIO, events::addAll);
        String journal = api.importedScenario("u1", "40000");
        api.analyzed("u1", bySession(journal, "high"));
        api.clock.set(Instant.parse("2022-01-04T19:30:00Z"));
        events.clear();

        JsonNode shorter = api.analyzed("u1", bySession(journal, "medium"));
        JsonNode unchanged = api.analyzed("u1", bySession(journal, "medium"));

        assertEquals("ALREADY_IN_FORCE", shorter.at("/guardrail/cooldown").asText());
        assertEquals(shorter.get("id"), unchanged.get("id"), "the same report, not stored again");
        assertEquals(List.of(), events);
    }

    @Test
    void analysisLongAfterTheLastLoss_publishesNothing() {
        BehaviorApi api = new BehaviorApi(Instant.parse("2022-01-06T12:00:00Z"), events::addAll);
        String journal = api.importedScenario("u1", "40000");

        JsonNode report = api.analyzed("u1", bySession(journal, "medium"));

        assertEquals("NONE", report.at("/guardrail/cooldown").asText());
        assertEquals(List.of(), events);
    }

    @Test
    void aPublisherThatFails_failsNoAnalysis_andTheCooldownStands() {
        BehaviorApi api = new BehaviorApi(BehaviorApi.AFTER_SCENARIO, published -> {
            throw new IllegalStateException("the bus is gone");
        });
        String journal = api.importedScenario("u1", "40000");

        HttpResult result = api.analyze("u1", bySession(journal, "medium"));

        assertEquals(200, result.status(), result.toString());
        assertEquals("STARTED", result.body().at("/guardrail/cooldown").asText());
        assertEquals(Instant.parse("2022-01-04T20:00:00Z"),
                api.cooldowns().active("u1", api.clock.instant()).orElseThrow().until());
    }

    @Test
    void reportThatCannotBeStored_keepsTheCooldownAConcurrentAnalysisAnsweredAlreadyInForce() throws Exception {
        DynamoFaults faults = new DynamoFaults();
        BehaviorApi api = new BehaviorApi(BehaviorApi.AFTER_SCENARIO, events::addAll, List.of(faults));
        String journal = api.importedScenario("u1", "40000");
        String guarded = api.session("u1", "{\"name\":\"guarded\",\"startingCash\":100000,"
                + "\"guardrails\":{\"cooldownOnTilt\":true}}");
        AtomicReference<Thread> failing = new AtomicReference<>();
        CountDownLatch failingStarted = new CountDownLatch(1);
        CountDownLatch otherAnswered = new CountDownLatch(1);
        // The first device's analysis has started its cooldown; its report's save waits for the second device's
        // analysis to answer, then fails.
        faults.on("PutItem").matching(request -> {
            if (Thread.currentThread() != failing.get() || !reportPut().test(request)) {
                return false;
            }
            failingStarted.countDown();
            try {
                otherAnswered.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return true;
        }).internalServerError();
        ExecutorService pool = Executors.newSingleThreadExecutor();
        Future<HttpResult> first = pool.submit(() -> {
            failing.set(Thread.currentThread());
            return api.analyze("u1", bySession(journal, "medium"));
        });
        assertTrue(failingStarted.await(30, TimeUnit.SECONDS), "the first analysis reached its report's save");

        JsonNode second = api.analyzed("u1", bySession(journal, "medium"));
        otherAnswered.countDown();
        HttpResult failed = first.get();
        pool.shutdown();

        assertEquals(503, failed.status(), failed.toString());
        assertEquals("ALREADY_IN_FORCE", second.at("/guardrail/cooldown").asText(), second.toString());
        assertEquals("2022-01-04T20:00:00Z", second.at("/guardrail/until").asText());
        assertTrue(api.cooldowns().active("u1", api.clock.instant()).isPresent(),
                "the cooldown the stored report says is in force stays");
        HttpResult refused = api.order("u1", guarded, "{\"symbol\":\"BTCUSDT\",\"side\":\"BUY\","
                + "\"type\":\"MARKET\",\"quantity\":\"0.01\"}");
        assertEquals("COOLDOWN_ACTIVE", refused.errorCode(), refused.toString());
    }

    @Test
    void analysisWhoseStartLostToACooldownWithdrawnBeforeItsRead_startsItsOwn() throws Exception {
        DynamoFaults faults = new DynamoFaults();
        BehaviorApi api = new BehaviorApi(BehaviorApi.AFTER_SCENARIO, events::addAll, List.of(faults));
        String journal = api.importedScenario("u1", "40000");
        AtomicReference<Thread> failing = new AtomicReference<>();
        AtomicReference<Thread> losing = new AtomicReference<>();
        CountDownLatch failingAtItsReport = new CountDownLatch(1);
        CountDownLatch losingReads = new CountDownLatch(1);
        CountDownLatch failingAnswered = new CountDownLatch(1);
        // The first analysis's report fails once the second's start has lost to its cooldown; the second reads the
        // cooldown only after the first has withdrawn it.
        faults.on("PutItem").matching(request -> {
            if (Thread.currentThread() != failing.get() || !reportPut().test(request)) {
                return false;
            }
            failingAtItsReport.countDown();
            awaitQuietly(losingReads);
            return true;
        }).internalServerError();
        faults.on("GetItem").matching(request -> {
            if (Thread.currentThread() == losing.get() && request instanceof GetItemRequest get
                    && get.key().get("sk").s().equals("COOLDOWN") && losingReads.getCount() > 0) {
                losingReads.countDown();
                awaitQuietly(failingAnswered);
            }
            return false;
        }).internalServerError();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        Future<HttpResult> first = pool.submit(() -> {
            failing.set(Thread.currentThread());
            return api.analyze("u1", bySession(journal, "medium"));
        });
        assertTrue(failingAtItsReport.await(30, TimeUnit.SECONDS), "the first analysis reached its report's save");
        Future<HttpResult> second = pool.submit(() -> {
            losing.set(Thread.currentThread());
            return api.analyze("u1", bySession(journal, "medium"));
        });
        HttpResult failed = first.get();
        failingAnswered.countDown();
        HttpResult answered = second.get();
        pool.shutdown();

        assertEquals(503, failed.status(), failed.toString());
        assertEquals(200, answered.status(), answered.toString());
        assertEquals("STARTED", answered.body().at("/guardrail/cooldown").asText());
        assertEquals(answered.body().get("id").asText(),
                api.cooldowns().active("u1", api.clock.instant()).map(c -> c.reportId()).orElse(null),
                "the cooldown the report says it started stands");
        assertEquals(1, events.size(), events.toString());
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            assertTrue(latch.await(30, TimeUnit.SECONDS), "the other request got there");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
