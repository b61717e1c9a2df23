package dev.tradewind.shared.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import dev.tradewind.shared.validation.FieldRules;
import java.io.IOException;
import java.math.BigDecimal;

/**
 * A decimal field of a request body: a JSON number (its syntax checked by {@link RequestParser}) or a string in the
 * same syntax. Jackson's own would trim the string and take exponents.
 */
final class RequestDecimalDeserializer extends StdScalarDeserializer<BigDecimal> {

    RequestDecimalDeserializer() {
        super(BigDecimal.class);
    }

    @Override
    public BigDecimal deserialize(JsonParser parser, DeserializationContext context) throws IOException {
        JsonToken token = parser.currentToken();
        if (token == JsonToken.VALUE_NUMBER_INT || token == JsonToken.VALUE_NUMBER_FLOAT) {
            return parser.getDecimalValue();
        }
        if (token == JsonToken.VALUE_STRING) {
            return FieldRules.decimal(parser.getText()).orElseThrow(() -> new InvalidValueException(parser,
                    RequestParser.path(parser.getParsingContext(), false), FieldRules.DECIMAL_RULE));
        }
        return (BigDecimal) context.handleUnexpectedToken(BigDecimal.class, parser);
    }
}
