package dev.tradewind.realtime.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tradewind.shared.config.ConfigException;
import dev.tradewind.shared.config.Environment;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RealtimeConfigTest {

    private static final Map<String, String> TABLES = Map.of("REALTIME_TABLE", "realtime", "MARKET_TABLE", "market");

    private static RealtimeConfig config(Map<String, String> extra) {
        Map<String, String> variables = new HashMap<>(TABLES);
        variables.putAll(extra);
        return RealtimeConfig.from(new Environment(variables, Clock.systemUTC()));
    }

    @Test
    void connectionsPerUser_unset_is10() {
        assertEquals(10, config(Map.of()).connectionsPerUser());
    }

    @Test
    void connectionsPerUser_set_isTheVariable() {
        assertEquals(1000, config(Map.of("CONNECTIONS_PER_USER", "1000")).connectionsPerUser());
    }

    @Test
    void connectionsPerUser_belowOne_failsFastNamingIt() {
        var error = assertThrows(ConfigException.class, () -> config(Map.of("CONNECTIONS_PER_USER", "0")));
        assertTrue(error.getMessage().contains("CONNECTIONS_PER_USER"), error.getMessage());
    }
}
