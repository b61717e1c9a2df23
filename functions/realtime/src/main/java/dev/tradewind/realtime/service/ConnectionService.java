package dev.tradewind.realtime.service;

import dev.tradewind.realtime.domain.Channel;
import dev.tradewind.realtime.domain.Connection;
import dev.tradewind.realtime.store.ConnectionRepository;
import dev.tradewind.shared.error.ConflictException;
import dev.tradewind.shared.error.InvalidInputException;
import dev.tradewind.shared.error.NotFoundException;
import dev.tradewind.shared.error.ThrottledException;
import dev.tradewind.shared.error.UnprocessableException;
import dev.tradewind.shared.error.Validation;
import dev.tradewind.shared.market.Instrument;
import dev.tradewind.shared.market.InstrumentRepository;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The WebSocket API's connections and their subscriptions (docs/realtime.md#websocket-api). Only $connect carries
 * the caller (the authorizer's context); every later message finds it on the connection, read consistently once
 * per message. A message with anything wrong in it changes nothing: every channel is checked before anything is
 * written, and what is written for one message is written in one transaction.
 */
public final class ConnectionService {

    /** Reads and conditional writes of one message, when concurrent messages of the connection keep changing it. */
    static final int ATTEMPTS = 3;

    private final ConnectionRepository connections;
    private final InstrumentRepository instruments;
    private final int connectionsPerUser;
    private final Clock clock;

    public ConnectionService(ConnectionRepository connections, InstrumentRepository instruments,
                             int connectionsPerUser, Clock clock) {
        this.connections = connections;
        this.instruments = instruments;
        this.connectionsPerUser = connectionsPerUser;
        this.clock = clock;
    }

    /**
     * Registers a connection the authorizer let in, as {@code userId}'s, signed in as {@code sessionId}, unless the
     * user already holds {@code connectionsPerUser} open connections.
     *
     * @throws ThrottledException {@code TOO_MANY_CONNECTIONS}, nothing written, when the user is at the cap
     */
    public Connection connect(String connectionId, String userId, String sessionId) {
        Instant now = clock.instant();
        requireRoomForAnother(userId, now);
        Connection connection = Connection.opened(connectionId, userId, sessionId, now);
        connections.put(connection);
        return connection;
    }

    /**
     * The cap on a user's open connections (docs/realtime.md#connections-per-user). The index lists them, a page of
     * one more than the cap; only when it lists the cap or more are their items read, since an expired item stays
     * until TTL deletes it (within about two days) and must not count, nor one deleted since. While those leave
     * fewer open than the cap, the index's next page is read the same way. Soft: concurrent connects, and the
     * index's lag behind the table, may let a few more in.
     */
    private void requireRoomForAnother(String userId, Instant now) {
        Iterator<List<String>> pages = connections.connectionIdsOf(userId, connectionsPerUser + 1).iterator();
        List<String> listed = pages.hasNext() ? pages.next() : List.of();
        if (listed.size() < connectionsPerUser) {
            return;
        }
        List<Instant> openUntil = new ArrayList<>();
        while (true) {
            connections.findAll(listed).stream().map(Connection::expiresAt)
                    .filter(expiresAt -> expiresAt.isAfter(now)).forEach(openUntil::add);
            if (openUntil.size() >= connectionsPerUser) {
                // Retry-After: when the soonest to end of them has ended at the latest, if none is closed before.
                throw new ThrottledException("TOO_MANY_CONNECTIONS", "A user holds at most " + connectionsPerUser
                        + " connections at once: close one of yours before opening another",
                        Duration.between(now, Collections.min(openUntil)));
            }
            if (!pages.hasNext()) {
                return;
            }
            listed = pages.next();
        }
    }

    /** Forgets a connection and its subscriptions; returns how many items that deleted. */
    public int disconnect(String connectionId) {
        return connections.delete(connectionId);
    }

    /**
     * Subscribes the connection to the channels (each spelled as docs/realtime.md says; an instrument's must name a
     * symbol of the catalog, at its interval). Subscribing again to a channel is no change.
     *
     * @return the channels, each once, in the order asked
     */
    public List<String> subscribe(String connectionId, List<String> requested) {
        List<Channel> channels = parse(requested);
        requireInCatalog(channels);
        for (int attempt = 1; ; attempt++) {
            Connection connection = registered(connectionId);
            Set<String> existing = connections.channels(connectionId);
            List<Channel> added = channels.stream().filter(channel -> !existing.contains(channel.name())).toList();
            if (added.isEmpty()) {
                return names(channels);
            }
            if (connection.subscriptions() + added.size() > Connection.MAX_SUBSCRIPTIONS) {
                throw new UnprocessableException("TOO_MANY_SUBSCRIPTIONS", "A connection holds at most "
                        + Connection.MAX_SUBSCRIPTIONS + " subscriptions: this one has " + connection.subscriptions()
                        + ", and " + added.size() + " of these channels are new");
            }
            if (connections.subscribe(connection, added)) {
                return names(channels);
            }
            if (attempt == ATTEMPTS) {
                throw concurrentChange();
            }
        }
    }

    /**
     * Unsubscribes the connection from the channels; a channel it is not subscribed to is no change.
     *
     * @return the channels, each once, in the order asked
     */
    public List<String> unsubscribe(String connectionId, List<String> requested) {
        List<Channel> channels = parse(requested);
        for (int attempt = 1; ; attempt++) {
            Connection connection = registered(connectionId);
            Set<String> existing = connections.channels(connectionId);
            List<String> removed = names(channels).stream().filter(existing::contains).toList();
            if (removed.isEmpty() || connections.unsubscribe(connection, removed)) {
                return names(channels);
            }
            if (attempt == ATTEMPTS) {
                throw concurrentChange();
            }
        }
    }

    /** Every channel of the message, or every reason it cannot be one; duplicates count once. */
    static List<Channel> parse(List<String> requested) {
        if (requested == null || requested.isEmpty() || requested.size() > Connection.MAX_SUBSCRIPTIONS) {
            throw InvalidInputException.field("channels", "must list 1 to " + Connection.MAX_SUBSCRIPTIONS
                    + " channels");
        }
        Validation validation = new Validation();
        Map<String, Channel> channels = new LinkedHashMap<>();
        for (int i = 0; i < requested.size(); i++) {
            Optional<Channel> channel = Channel.parse(requested.get(i));
            validation.check(channel.isPresent(), "channels[" + i + "]", Channel.RULE);
            channel.ifPresent(c -> channels.putIfAbsent(c.name(), c));
        }
        validation.throwIfInvalid();
        return List.copyOf(channels.values());
    }

    /** An instrument's channel needs its symbol in the catalog, at the interval the catalog keeps it at. */
    private void requireInCatalog(List<Channel> channels) {
        Map<String, Optional<Instrument>> found = new LinkedHashMap<>();
        List<String> unknown = new ArrayList<>();
        String otherInterval = null;
        for (Channel channel : channels) {
            if (!(channel instanceof Channel.OfInstrument of)) {
                continue;
            }
            Optional<Instrument> instrument = found.computeIfAbsent(of.symbol(), instruments::find);
            if (instrument.isEmpty()) {
                if (!unknown.contains(of.symbol())) {
                    unknown.add(of.symbol());
                }
            } else if (otherInterval == null && instrument.get().interval() != of.interval()) {
                otherInterval = of.symbol() + " has " + instrument.get().interval().code()
                        + (of instanceof Channel.Candles ? " candles" : " forecasts") + " only, so " + channel.name()
                        + " has nothing";
            }
        }
        if (!unknown.isEmpty()) {
            throw new NotFoundException("No instrument with symbol " + String.join(", ", unknown));
        }
        if (otherInterval != null) {
            throw new InvalidInputException("UNSUPPORTED_INTERVAL", otherInterval);
        }
    }

    private Connection registered(String connectionId) {
        return connections.find(connectionId).orElseThrow(() -> new ConflictException("CONNECTION_GONE",
                "This connection is no longer registered: open a new one"));
    }

    private static ConflictException concurrentChange() {
        return new ConflictException("CONCURRENT_UPDATE",
                "The connection's subscriptions kept changing meanwhile: send the message again");
    }

    private static List<String> names(List<Channel> channels) {
        return channels.stream().map(Channel::name).toList();
    }
}
