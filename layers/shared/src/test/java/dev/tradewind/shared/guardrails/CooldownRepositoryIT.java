package dev.tradewind.shared.guardrails;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tradewind.shared.config.Environment;
import dev.tradewind.shared.dynamo.DynamoDbClients;
import dev.tradewind.testing.LocalDynamoDb;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class CooldownRepositoryIT {

    private static final Instant NOW = Instant.parse("2022-01-04T15:00:00Z");

    private CooldownRepository cooldowns;
    private String table;

    @BeforeEach
    void setUp() {
        Environment env = new Environment(LocalDynamoDb.environment("TradingSessionFunction"),
                Clock.fixed(NOW, ZoneOffset.UTC));
        table = env.require("BEHAVIOR_TABLE");
        LocalDynamoDb.truncate(table);
        cooldowns = new CooldownRepository(DynamoDbClients.enhanced(DynamoDbClients.create(env)), table, env.clock());
    }

    @Test
    void active_withoutAnyCooldown_isEmpty() {
        assertTrue(cooldowns.active("u1", NOW).isEmpty());
    }

    @Test
    void start_thenActive_untilItEnds() {
        Instant until = NOW.plus(Duration.ofMinutes(60));
        cooldowns.start("u1", until, "3 entries after losses", "r1");
        Cooldown active = cooldowns.active("u1", NOW.plusSeconds(60)).orElseThrow();
        assertEquals(until, active.until());
        assertEquals("3 entries after losses", active.reason());
        assertEquals("r1", active.reportId());
        assertEquals(NOW, active.startedAt());
        assertTrue(cooldowns.active("u1", until).isEmpty(), "over when it ends");
        assertTrue(cooldowns.active("u2", NOW).isEmpty(), "another user's cooldown is not mine");
    }

    @Test
    void start_neverShortensACooldownInForce() {
        cooldowns.start("u1", NOW.plus(Duration.ofHours(2)), "long", null);
        CooldownRepository.Started kept = cooldowns.start("u1", NOW.plus(Duration.ofMinutes(10)), "short", null)
                .orElseThrow();
        assertEquals("long", kept.inForce().reason());
        assertNull(kept.replaced(), "it wrote nothing");
        assertEquals(NOW.plus(Duration.ofHours(2)), cooldowns.active("u1", NOW).orElseThrow().until());
        cooldowns.start("u1", NOW.plus(Duration.ofHours(3)), "longer", null);
        assertEquals("longer", cooldowns.active("u1", NOW).orElseThrow().reason());
    }

    @Test
    void withdraw_ofAStartThatReplacedNone_leavesNoCooldown() {
        CooldownRepository.Started started = cooldowns.start("u1", NOW.plus(Duration.ofHours(1)), "tilt", "r1")
                .orElseThrow();
        assertNull(started.replaced());

        cooldowns.withdraw(started);

        assertTrue(cooldowns.active("u1", NOW).isEmpty());
    }

    @Test
    void withdraw_putsBackTheShorterCooldownTheStartReplaced() {
        cooldowns.start("u1", NOW.plus(Duration.ofMinutes(30)), "short", "r1");
        CooldownRepository.Started longer = cooldowns.start("u1", NOW.plus(Duration.ofHours(2)), "long", "r2")
                .orElseThrow();
        assertEquals("r1", longer.replaced().reportId());

        cooldowns.withdraw(longer);

        Cooldown back = cooldowns.active("u1", NOW).orElseThrow();
        assertEquals(new Cooldown("u1", NOW, NOW.plus(Duration.ofMinutes(30)), "short", "r1"), back);
    }

    @Test
    void withdraw_afterALaterStart_leavesTheLaterCooldown() {
        CooldownRepository.Started first = cooldowns.start("u1", NOW.plus(Duration.ofHours(1)), "tilt", "r1")
                .orElseThrow();
        cooldowns.start("u1", NOW.plus(Duration.ofHours(2)), "longer", "r2");

        cooldowns.withdraw(first);

        assertEquals("r2", cooldowns.active("u1", NOW).orElseThrow().reportId());
    }

    @Test
    void start_setsTheTtlAWeekAfterTheEnd() {
        Instant until = NOW.plus(Duration.ofHours(1));
        cooldowns.start("u1", until, "tilt", null);
        Map<String, AttributeValue> item = LocalDynamoDb.client().getItem(b -> b.tableName(table).key(Map.of(
                "pk", AttributeValue.fromS("USER#u1"), "sk", AttributeValue.fromS("COOLDOWN")))).item();
        assertEquals(Long.toString(until.plus(Duration.ofDays(7)).getEpochSecond()), item.get("expiresAt").n());
    }

    @Test
    void start_ofACooldownEndedByNow_startsNothing() {
        assertTrue(cooldowns.start("u1", NOW, "tilt", null).isEmpty());
        assertTrue(cooldowns.start("u1", NOW.minusSeconds(1), "tilt", null).isEmpty());
        assertTrue(cooldowns.active("u1", NOW.minusSeconds(5)).isEmpty(), "nothing was written");
    }
}
