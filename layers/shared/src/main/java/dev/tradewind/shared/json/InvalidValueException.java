package dev.tradewind.shared.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonMappingException;

/**
 * A value of a request body that breaks a field rule, with where it is ({@code trades[3].price}). A
 * {@link JsonMappingException} so that Jackson passes it through its deserializers unwrapped.
 */
public final class InvalidValueException extends JsonMappingException {

    private final String field;
    private final String problem;

    InvalidValueException(JsonParser parser, String field, String problem) {
        super(parser, field + " " + problem);
        this.field = field;
        this.problem = problem;
    }

    public String field() {
        return field;
    }

    public String problem() {
        return problem;
    }
}
