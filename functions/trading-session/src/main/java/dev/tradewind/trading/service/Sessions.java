package dev.tradewind.trading.service;

import dev.tradewind.shared.error.NotFoundException;
import dev.tradewind.trading.domain.Account;
import dev.tradewind.trading.domain.Position;
import dev.tradewind.trading.domain.RestingOrder;
import dev.tradewind.trading.domain.Session;
import dev.tradewind.trading.store.TradingStore;
import java.time.Instant;
import java.util.Collection;
import java.util.List;

/** Loads a caller's session with its positions and book, brought up to date with the market. */
final class Sessions {

    private final TradingStore store;
    private final Evaluator evaluator;

    Sessions(TradingStore store, Evaluator evaluator) {
        this.store = store;
        this.evaluator = evaluator;
    }

    /** The session as stored; another user's session is simply not found (404). */
    Session session(String userId, String sessionId) {
        return store.session(userId, sessionId).orElseThrow(Sessions::notFound);
    }

    /**
     * The session with its positions and book as of one version of it; throws WriteConflict when a change committed
     * between the reads (every change writes the session item in the same transaction).
     */
    Account load(String userId, String sessionId) {
        Session session = session(userId, sessionId);
        List<Position> positions = store.positions(userId, sessionId);
        List<RestingOrder> resting = session.isPaper() ? store.resting(userId, sessionId) : List.of();
        // Read after the session item, they may already hold a change it does not: cash of one state beside the
        // positions of the next would be answered as an equity neither had.
        store.requireSessionVersion(userId, sessionId, session.version());
        return Account.of(session, positions, resting);
    }

    /** Loads and evaluates every candle closed by {@code now}; one attempt (throws WriteConflict on a race). */
    Account currentOnce(String userId, String sessionId, Instant now) {
        Account account = load(userId, sessionId);
        evaluator.advance(account, now);
        return account;
    }

    /** Loads and evaluates, retrying on races. */
    Account current(String userId, String sessionId, Instant now) {
        return Retry.onConflict(() -> currentOnce(userId, sessionId, now));
    }

    /** See {@link Evaluator#requireClosedBarsStored}. */
    void requireClosedBarsStored(Account account, Collection<RestingOrder> orders, String action, Instant now) {
        evaluator.requireClosedBarsStored(account, orders, action, now);
    }

    static NotFoundException notFound() {
        return new NotFoundException("Session not found");
    }
}
