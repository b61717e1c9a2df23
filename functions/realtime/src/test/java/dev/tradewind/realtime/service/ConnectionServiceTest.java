package dev.tradewind.realtime.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tradewind.realtime.domain.Channel;
import dev.tradewind.shared.error.FieldError;
import dev.tradewind.shared.error.InvalidInputException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How a message's channels are read, before anything is looked up or written. */
class ConnectionServiceTest {

    @Test
    void parse_keepsTheOrderAsked_andEachChannelOnce() {
        List<Channel> channels = ConnectionService.parse(List.of("me", "candles:BTCUSDT:1h", "me",
                "signals:crypto", "candles:BTCUSDT:1h"));
        assertEquals(List.of("me", "candles:BTCUSDT:1h", "signals:crypto"),
                channels.stream().map(Channel::name).toList());
    }

    @Test
    void parse_namesEveryInvalidChannelByItsPosition() {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> ConnectionService.parse(
                Arrays.asList("me", "candles:btcusdt:1h", null, "signals:crypto", "forecast:BTCUSDT:5m")));
        assertEquals("VALIDATION_FAILED", e.code());
        assertEquals(List.of(new FieldError("channels[1]", Channel.RULE), new FieldError("channels[2]", Channel.RULE),
                new FieldError("channels[4]", Channel.RULE)), e.details());
    }

    @Test
    void parse_noChannels_orMoreThanTheLimit_isRefused_namingTheLimit() {
        List<String> many = new ArrayList<>();
        for (int i = 0; i < 51; i++) {
            many.add("candles:S" + i + ":1h");
        }
        for (List<String> channels : Arrays.asList(null, List.<String>of(), many)) {
            InvalidInputException e = assertThrows(InvalidInputException.class,
                    () -> ConnectionService.parse(channels));
            assertEquals(List.of(new FieldError("channels", "must list 1 to 50 channels")), e.details());
        }
        assertEquals(50, ConnectionService.parse(many.subList(0, 50)).size());
    }
}
