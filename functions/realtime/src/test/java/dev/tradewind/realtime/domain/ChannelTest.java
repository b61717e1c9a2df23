package dev.tradewind.realtime.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tradewind.shared.market.AssetClass;
import dev.tradewind.shared.market.Interval;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ChannelTest {

    @Test
    void parse_eachKindOfChannel_asDocumented() {
        assertEquals(Optional.of(new Channel.Candles("BTCUSDT", Interval.H1)), Channel.parse("candles:BTCUSDT:1h"));
        assertEquals(Optional.of(new Channel.Forecast("BRK.B", Interval.D1)), Channel.parse("forecast:BRK.B:1d"));
        assertEquals(Optional.of(new Channel.Signals(AssetClass.STOCK)), Channel.parse("signals:stock"));
        assertEquals(Optional.of(new Channel.Me()), Channel.parse("me"));
    }

    @Test
    void name_spellsTheChannelAsParsed() {
        for (String name : new String[] {"candles:BTCUSDT:1h", "forecast:AAPL:1d", "signals:crypto", "me",
            "candles:BRK-B:1d"}) {
            assertEquals(name, Channel.parse(name).orElseThrow().name());
        }
    }

    @Test
    void parse_anythingElse_isNoChannel() {
        for (String text : new String[] {"", "ME", " me", "me ", "me#01JGXQ5V8K3M2N4P6R8T0V2X4Z", "candles",
            "candles:BTCUSDT", "candles:BTCUSDT:5m", "candles:btcusdt:1h", "candles::1h", "candles:BTC USDT:1h",
            "candles:BTCUSDT:1h:extra", "forecast:BTCUSDT:1H", "signals:forex", "signals:", "signals:crypto:1h",
            "Candles:BTCUSDT:1h", "trades:BTCUSDT:1h", "candles:ABCDEFGHIJKLMNOPQRSTU:1h", "candles:-BTC:1h"}) {
            assertEquals(Optional.empty(), Channel.parse(text), text);
        }
        assertEquals(Optional.empty(), Channel.parse(null));
    }

    @Test
    void key_isTheNameExceptMe_whoseKeyNamesTheUser() {
        assertEquals("candles:BTCUSDT:1h", Channel.parse("candles:BTCUSDT:1h").orElseThrow().key("U1"));
        assertEquals("signals:crypto", Channel.parse("signals:crypto").orElseThrow().key("U1"));
        assertEquals("me#U1", Channel.parse("me").orElseThrow().key("U1"));
        assertEquals("me#U2", Channel.parse("me").orElseThrow().key("U2"));
    }

    @Test
    void meKey_neverWithoutAUser() {
        assertThrows(IllegalArgumentException.class, () -> Channel.meKey(null));
        assertThrows(IllegalArgumentException.class, () -> Channel.meKey(" "));
    }

    @Test
    void noChannelName_isAnotherUsersMeKey() {
        // Whatever a client subscribes to, its key can never be a "me#" key: only "me" maps there, to its own user.
        assertTrue(Channel.parse("me#U2").isEmpty());
        assertTrue(Channel.parse("me#").isEmpty());
    }

    @Test
    void userOfKey_namesTheUserOfAMeKeyOnly() {
        assertEquals(Optional.of("u1"), Channel.userOfKey(new Channel.Me().key("u1")));
        assertEquals(Optional.empty(), Channel.userOfKey("candles:BTCUSDT:1h"));
        assertEquals(Optional.empty(), Channel.userOfKey("signals:crypto"));
    }
}
