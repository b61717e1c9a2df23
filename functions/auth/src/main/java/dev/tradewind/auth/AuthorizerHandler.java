package dev.tradewind.auth;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * The HTTP API's Lambda REQUEST authorizer. No signing keys exist yet, so no token can be valid: every request that
 * reaches it is refused with "Unauthorized", which API Gateway turns into a 401.
 */
public final class AuthorizerHandler implements RequestStreamHandler {

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) {
        throw new UnauthorizedException();
    }

    /** API Gateway answers 401 when an authorizer fails with exactly this message. */
    static final class UnauthorizedException extends RuntimeException {
        UnauthorizedException() {
            super("Unauthorized", null, false, false);
        }
    }
}
