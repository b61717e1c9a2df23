package dev.tradewind.realtime.domain;

import java.util.Objects;

/**
 * One message for every connection subscribed to one channel.
 *
 * @param channelKey the {@code ByChannel} index key of the subscribers ({@link Channel#key(String)})
 * @param message    the JSON text sent to each of them
 */
public record Push(String channelKey, String message) {

    public Push {
        Objects.requireNonNull(channelKey, "channelKey");
        Objects.requireNonNull(message, "message");
    }
}
