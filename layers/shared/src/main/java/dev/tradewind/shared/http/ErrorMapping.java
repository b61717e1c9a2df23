package dev.tradewind.shared.http;

import dev.tradewind.shared.error.ConflictException;
import dev.tradewind.shared.error.DomainException;
import dev.tradewind.shared.error.InvalidInputException;
import dev.tradewind.shared.error.NotFoundException;
import dev.tradewind.shared.error.ThrottledException;
import dev.tradewind.shared.error.UnauthenticatedException;
import dev.tradewind.shared.error.UnavailableException;
import dev.tradewind.shared.error.UnprocessableException;

/** The one place where a domain outcome becomes an HTTP status; the code and message pass through unchanged. */
public final class ErrorMapping {

    private ErrorMapping() {
    }

    public static int status(DomainException e) {
        return switch (e) {
            case InvalidInputException ignored -> 400;
            case UnauthenticatedException ignored -> 401;
            case NotFoundException ignored -> 404;
            case ConflictException ignored -> 409;
            case UnprocessableException ignored -> 422;
            case ThrottledException ignored -> 429;
            case UnavailableException ignored -> 503;
        };
    }
}
