package dev.tradewind.shared.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.tradewind.shared.market.AssetClass;
import dev.tradewind.shared.trading.Side;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FieldRulesTest {

    @ParameterizedTest
    @ValueSource(strings = {"BTCUSDT", "AAPL", "BRK.B", "BRK-B", "A", "12345678901234567890"})
    void symbol_catalogSpellings_areSymbols(String symbol) {
        assertTrue(FieldRules.isSymbol(symbol));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "btcusdt", "BTCUSDT\u0000", " BTCUSDT", "BTCUSDT ", "-BTC", ".A", "BTC_USDT", "BTC/USD",
            "123456789012345678901", "BTC USDT", "ÄPFEL"})
    void symbol_anythingElse_isNot(String symbol) {
        assertFalse(FieldRules.isSymbol(symbol));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "1", "0.05", "-12.5", "1234567890123", "0.123456789012", "10000", "00.5"})
    void decimal_plainForms_parseExactly(String text) {
        assertEquals(Optional.of(new BigDecimal(text)), FieldRules.decimal(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " 1", "1 ", "0.05 ", "1e3", "1E+3", "1e309", "NaN", "Infinity", "+1", ".5", "5.",
            "1,000", "-0", "-0.00", "0x10", "12345678901234", "0.1234567890123", "12345678901234567890", "1\u0000"})
    void decimal_anythingElse_isRefused(String text) {
        assertEquals(Optional.empty(), FieldRules.decimal(text));
    }

    @Test
    void decimal_fromJson_takesNumbersAndPlainStrings_only() {
        var json = JsonNodeFactory.instance;
        assertEquals(Optional.of(new BigDecimal("0.25")), FieldRules.decimal(json.numberNode(new BigDecimal("0.25"))));
        assertEquals(Optional.of(new BigDecimal("0.25")), FieldRules.decimal(json.textNode("0.25")));
        assertEquals(Optional.empty(), FieldRules.decimal(json.textNode(" 0.25")));
        assertEquals(Optional.empty(), FieldRules.decimal(json.booleanNode(true)));
        assertEquals(Optional.empty(), FieldRules.decimal(json.nullNode()));
    }

    @Test
    void instantOrDate_yearsOutsideFourDigits_areRefused() {
        assertEquals(Optional.of(Instant.parse("2022-01-03T00:00:00Z")), FieldRules.instantOrDate("2022-01-03"));
        assertEquals(Optional.of(Instant.parse("9999-12-31T23:59:59Z")),
                FieldRules.instantOrDate("9999-12-31T23:59:59Z"));
        assertEquals(Optional.of(Instant.parse("0000-01-01T00:00:00Z")), FieldRules.instant("0000-01-01T00:00:00Z"));
        // Each parses as ISO-8601 but would sort out of place as a key: "+10000-..." before "1970-...".
        for (String text : new String[] {"+10000-01-01T00:00:00Z", "+999999999-12-31T23:59:59Z",
                "-0001-12-31T00:00:00Z", "+10000-01-01", "2022-01-03T00:00:00", "2022-13-01"}) {
            assertEquals(Optional.empty(), FieldRules.instantOrDate(text), text);
            assertEquals(Optional.empty(), FieldRules.instant(text), text);
        }
    }

    @Test
    void instant_withoutSeconds_withZOrAnOffset_isTheInstant_asAnImportRowsTimeIs() {
        Instant expected = Instant.parse("2022-01-03T15:00:00Z");
        assertEquals(Optional.of(expected), FieldRules.instant("2022-01-03T15:00Z"));
        assertEquals(Optional.of(expected), FieldRules.instant("2022-01-03T16:00+01:00"));
        assertEquals(Optional.of(expected), FieldRules.instantOrDate("2022-01-03T15:00Z"));
        assertEquals(Optional.empty(), FieldRules.instant("2022-01-03T15:00"), "no zone");
        assertEquals(Optional.empty(), FieldRules.instant("+10000-01-01T00:00Z"));
    }

    @Test
    void integer_wholeNumbersOnly() {
        assertEquals(Optional.of(20), FieldRules.integer("20"));
        assertEquals(Optional.of(-3), FieldRules.integer("-3"));
        for (String text : new String[] {"2.5", "2.0", " 2", "2 ", "+2", "-0", "1e2", "", "1234567890", "two"}) {
            assertEquals(Optional.empty(), FieldRules.integer(text), text);
        }
    }

    @Test
    void text_refusesEveryControlCharacterAndUnpairedSurrogates() {
        assertTrue(FieldRules.isText("Ann Trader, Zürich 📈"));
        for (String text : new String[] {"a\u0000", "a\tb", "a\nb", "a\rb", "\u001b[31m", "a\u007f", "a\u0085",
                "a\ud800", "\udc00b"}) {
            assertFalse(FieldRules.isText(text), text);
        }
    }

    @Test
    void multiLineText_allowsTabAndLineBreaks_only() {
        assertTrue(FieldRules.isMultiLineText("Line one\r\n\tline two 📈"));
        assertFalse(FieldRules.isMultiLineText("note\u0000"));
        assertFalse(FieldRules.isMultiLineText("note\u001b"));
        assertFalse(FieldRules.isMultiLineText("note\ud83d"));
    }

    @Test
    void constant_matchesTheDocumentedSpellingExactly() {
        assertEquals(Optional.of(Side.BUY), FieldRules.constant(Side.class, "BUY"));
        assertEquals(Optional.empty(), FieldRules.constant(Side.class, "buy"));
        assertEquals(Optional.empty(), FieldRules.constant(Side.class, "BUY "));
        assertEquals(Optional.empty(), FieldRules.constant(Side.class, null));
        assertEquals(Optional.of(AssetClass.CRYPTO), FieldRules.constant(AssetClass.class, AssetClass::code, "crypto"));
        assertEquals(Optional.empty(), FieldRules.constant(AssetClass.class, AssetClass::code, "CRYPTO"));
        assertEquals("must be one of BUY, SELL", FieldRules.oneOf(Side.class));
    }
}
