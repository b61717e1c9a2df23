package dev.tradewind.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class ItemSizeTest {

    @Test
    void strings_countAttributeNameAndValueInUtf8() {
        assertEquals(2 + 6, ItemSize.of(Map.of("pk", AttributeValue.fromS("USER#1"))));
        assertEquals(4 + 2, ItemSize.of(Map.of("name", AttributeValue.fromS("é"))));
    }

    @Test
    void numbers_oneBytePerTwoSignificantDigitsPlusOne_zeroesTrimmed() {
        assertEquals(4, ItemSize.number("123.450"));
        assertEquals(2, ItemSize.number("100"));
        assertEquals(2, ItemSize.number("-7"));
        assertEquals(1 + 2, ItemSize.of(Map.of("q", AttributeValue.fromN("0.25"))));
    }

    @Test
    void binaryBooleansAndNulls() {
        assertEquals(1 + 3, ItemSize.of(Map.of("b", AttributeValue.fromB(SdkBytes.fromByteArray(new byte[3])))));
        assertEquals(1 + 1, ItemSize.of(Map.of("t", AttributeValue.fromBool(true))));
        assertEquals(1 + 1, ItemSize.of(Map.of("n", AttributeValue.fromNul(true))));
    }

    @Test
    void listsAndMaps_threeBytesPlusOnePerElement() {
        assertEquals(1 + 3 + (1 + 2) + (1 + 2), ItemSize.of(Map.of("l", AttributeValue.fromL(List.of(
                AttributeValue.fromS("ab"), AttributeValue.fromN("1"))))));
        assertEquals(1 + 3 + (1 + 1 + 2), ItemSize.of(Map.of("m", AttributeValue.fromM(Map.of(
                "k", AttributeValue.fromS("ab"))))));
    }

    @Test
    void sets_sumTheirElements() {
        assertEquals(2 + 3, ItemSize.of(Map.of("ss", AttributeValue.fromSs(List.of("a", "bc")))));
    }
}
