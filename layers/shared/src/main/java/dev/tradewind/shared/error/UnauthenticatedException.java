package dev.tradewind.shared.error;

import java.util.List;

/** The credentials presented (a password, a refresh token) do not prove who the caller is. */
public final class UnauthenticatedException extends DomainException {

    public UnauthenticatedException(String code, String message) {
        super(code, message, List.of());
    }
}
