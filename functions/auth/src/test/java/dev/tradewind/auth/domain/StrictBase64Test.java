package dev.tradewind.auth.domain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StrictBase64Test {

    @Test
    void roundTrip_allLengthsAndBothAlphabets() {
        for (int length = 0; length < 40; length++) {
            byte[] bytes = new byte[length];
            for (int i = 0; i < length; i++) {
                bytes[i] = (byte) (i * 37 + 251);
            }
            assertArrayEquals(bytes, StrictBase64.decodeUrl(StrictBase64.encodeUrl(bytes)));
            assertArrayEquals(bytes, StrictBase64.decodeStandard(StrictBase64.encodeStandard(bytes)));
        }
    }

    @Test
    void encode_usesExpectedAlphabets() {
        byte[] bytes = {(byte) 0xfb, (byte) 0xff};
        assertEquals("-_8", StrictBase64.encodeUrl(bytes));
        assertEquals("+/8", StrictBase64.encodeStandard(bytes));
    }

    @ParameterizedTest
    @ValueSource(strings = {"QQ==", "QQ=", "QR", "Q", "Q Q", "+/8", "QQ\n", "Q\u00e9"})
    void decodeUrl_paddingForeignAlphabetOrNonCanonical_refused(String text) {
        assertThrows(IllegalArgumentException.class, () -> StrictBase64.decodeUrl(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"QQ==", "QR", "-_8", "Q"})
    void decodeStandard_paddingForeignAlphabetOrNonCanonical_refused(String text) {
        assertThrows(IllegalArgumentException.class, () -> StrictBase64.decodeStandard(text));
    }
}
